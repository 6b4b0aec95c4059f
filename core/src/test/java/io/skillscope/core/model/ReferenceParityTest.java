package io.skillscope.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.skillscope.core.checkpoint.HostTensor;
import io.skillscope.core.hooks.HookName;
import io.skillscope.core.testing.Diffs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with independent reference implementations (nanoGPT for GPT-2, llama2.c for Llama; PyTorch,
 * float32): logits, MLP pre-activations and every block's residual output within 1e-4.
 */
class ReferenceParityTest {
    static final double TOL = 1e-4;

    static Path root() {
        try {
            return Path.of(ReferenceParityTest.class
                            .getResource("/fixtures/reference/manifest.json")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        JsonObject models = JsonParser.parseString(Files.readString(root().resolve("manifest.json")))
                .getAsJsonObject()
                .getAsJsonObject("models");
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, JsonElement> m : models.entrySet()) {
            JsonObject model = m.getValue().getAsJsonObject();
            String expectedFrom =
                    model.has("expected_from") ? model.get("expected_from").getAsString() : m.getKey();
            JsonObject cases = models.getAsJsonObject(expectedFrom).getAsJsonObject("cases");
            for (Map.Entry<String, JsonElement> c : cases.entrySet()) {
                out.add(Arguments.of(
                        m.getKey(),
                        model.get("dir").getAsString(),
                        c.getKey(),
                        c.getValue().getAsJsonObject()));
            }
        }
        return out.stream();
    }

    /** Maps a reference output name to our hook point. */
    static String hookFor(String output) {
        String[] p = output.split("\\.");
        if (output.equals("logits")) {
            return null;
        }
        int layer = Integer.parseInt(p[1]);
        String rest = output.substring(p[0].length() + p[1].length() + 2);
        return switch (rest) {
            case "mlp.c_fc", "mlp.gate_proj" -> "blocks." + layer + ".mlp.hook_pre";
            case "mlp.up_proj" -> "blocks." + layer + ".mlp.hook_pre_linear";
            case "out" -> "blocks." + layer + ".hook_resid_post";
            default -> throw new IllegalArgumentException(output);
        };
    }

    static float[] readF32(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("cases")
    void matchesReference(String name, String dir, String caseName, JsonObject c) throws IOException {
        JsonArray idsJson = c.getAsJsonArray("input_ids");
        int[] ids = new int[idsJson.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = idsJson.get(i).getAsInt();
        }
        JsonObject outputs = c.getAsJsonObject("outputs");
        List<String> hooks = new ArrayList<>();
        for (String o : outputs.keySet()) {
            if (hookFor(o) != null) {
                hooks.add(hookFor(o));
            }
        }
        try (Transformer model = Transformer.load(root().resolve(dir), Device.cpu())) {
            CachedRun run =
                    model.runWithCache(ids, hooks.stream().map(HookName::parse).toArray(HookName[]::new));
            int checked = 0;
            for (Map.Entry<String, JsonElement> o : outputs.entrySet()) {
                JsonObject spec = o.getValue().getAsJsonObject();
                float[] expected = readF32(root().resolve(spec.get("file").getAsString()));
                float[] actual;
                String hook = hookFor(o.getKey());
                if (hook == null) {
                    actual = flatten(run.logits());
                } else {
                    HostTensor t = run.cache().get(hook);
                    actual = t.toFloats();
                }
                assertEquals(expected.length, actual.length, o.getKey() + " size");
                double diff = Diffs.maxAbsDiff(expected, actual);
                assertTrue(diff < TOL, name + " " + caseName + " " + o.getKey() + ": max |diff| " + diff);
                checked++;
            }
            assertTrue(checked >= 5, "checked " + checked + " outputs");
        }
    }

    static float[] flatten(float[][] rows) {
        int n = 0;
        for (float[] r : rows) {
            n += r.length;
        }
        float[] out = new float[n];
        int k = 0;
        for (float[] r : rows) {
            System.arraycopy(r, 0, out, k, r.length);
            k += r.length;
        }
        return out;
    }
}
