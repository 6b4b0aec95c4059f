package io.skillscope.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.testing.TinyModels;
import io.skillscope.probes.testing.TinyProbeData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class ProbeResultTest {
    @TempDir
    Path dir;

    @Test
    void saveAndLoadRoundTripExactly() throws Exception {
        try (Transformer model = TinyModels.charLlama(11)) {
            ProbeDataset data = TinyProbeData.rows("forget", 10, 8, 5);
            ProbeSettings s = ProbeSettings.of(
                            PositionMode.ANSWER_TOKENS, "blocks.*.mlp.hook_post", "blocks.0.hook_resid_post")
                    .withHistogram(new HistogramSpec(-0.5, 0.5, 16))
                    .withBatchSize(3);
            ProbeResult r = Probe.run(model, data, s);
            r.save(dir);
            ProbeResult back = ProbeResult.load(dir);
            assertEquals(r.stats(), back.stats()); // bit-exact arrays, histograms included
            assertEquals(r.settings(), back.settings());
            assertEquals(r.datasetSha256(), back.datasetSha256());
            assertEquals(data.sha256(), back.datasetSha256());
            assertEquals(model.parameters().sha256(), back.modelSha256());
            assertEquals(r.provenance(), back.provenance());
            JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("result.json")))
                    .getAsJsonObject();
            assertEquals("forget", json.getAsJsonObject("dataset").get("name").getAsString());
            assertEquals(
                    "ANSWER_TOKENS",
                    json.getAsJsonObject("settings").get("positions").getAsString());
            assertTrue(json.getAsJsonObject("provenance").has("djl"));
            Table t = back.summaryTable();
            assertEquals(3, t.rowCount());
            assertEquals(
                    r.get("blocks.1.mlp.hook_post").count(),
                    t.longColumn("count").get(1));
            assertTrue(r.toString().contains("3 hooks"), r.toString());
        }
    }

    @Test
    void modelHashTracksWeights() {
        try (Transformer a = TinyModels.charLlama(1);
                Transformer b = TinyModels.charLlama(1);
                Transformer c = TinyModels.charLlama(2)) {
            assertEquals(a.parameters().sha256(), b.parameters().sha256());
            assertNotEquals(a.parameters().sha256(), c.parameters().sha256());
        }
    }
}
