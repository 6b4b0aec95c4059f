package io.skillscope.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitsTest {

    private final SkillSuite suite = SkillSuite.standard();

    /** The input of a string-skill prompt: the text inside the innermost parentheses. */
    private static String input(Example e) {
        String p = e.prompt();
        if (!p.contains("(")) {
            return p.substring(0, p.length() - 1);
        }
        return p.substring(p.lastIndexOf('(') + 1, p.indexOf(')'));
    }

    private static Set<String> inputs(List<Example> examples) {
        return examples.stream().map(SplitsTest::input).collect(Collectors.toSet());
    }

    @Test
    void splitsHaveTheRequestedSizesAndNoSharedInput() {
        SkillDataset data = Splits.generate(suite.get("rev"), 500, 100, 100, 42);
        assertEquals(500, data.train().size());
        assertEquals(100, data.dev().size());
        assertEquals(100, data.test().size());
        Set<String> train = inputs(data.train());
        Set<String> dev = inputs(data.dev());
        Set<String> test = inputs(data.test());
        assertEquals(500, train.size(), "no repeated input inside train");
        assertEquals(700, train.size() + dev.size() + test.size());
        Set<String> all = new HashSet<>(train);
        all.addAll(dev);
        all.addAll(test);
        assertEquals(700, all.size(), "train, dev and test share no input");
    }

    @Test
    void smallInputSpaceIsUsedUpExactlyWithoutOverlap() {
        Skill mul = SkillSuite.create(SuiteConfig.LEGACY).get("mul"); // 0..99 x 0..9
        SkillDataset data = Splits.generate(mul, 800, 100, 100, 1);
        Set<String> all = new HashSet<>();
        data.all().forEach(e -> all.add(e.prompt()));
        assertEquals(1000, all.size(), "all 1000 mul inputs, each once");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Splits.generate(mul, 900, 100, 1, 1));
        assertEquals(
                "skill mul has only 1000 distinct inputs but 1001 were requested (train 900, dev 100, test 1);"
                        + " ask for fewer examples or widen the input space",
                e.getMessage());
    }

    @Test
    void disjointAcrossSkillsGeneratedTogether() {
        SkillSuite tiny = SkillSuite.create(new SuiteConfig(new StringSpace(Alphabet.of("abc"), 3, 3), 9, 9));
        SkillDataset data = Splits.generate(
                List.of(tiny.get("rev"), tiny.get("sort"), tiny.get("rev.sort")), new SplitSizes(15, 6, 6), 9);
        assertEquals(45, data.train().size());
        Set<String> train = inputs(data.train());
        Set<String> dev = inputs(data.dev());
        Set<String> test = inputs(data.test());
        assertTrue(train.stream().noneMatch(dev::contains));
        assertTrue(train.stream().noneMatch(test::contains));
        assertTrue(dev.stream().noneMatch(test::contains));
        assertEquals(
                27, train.size() + dev.size() + test.size(), "the 27 strings over abc of length 3, each in one split");
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        List<Skill> skills = List.of(suite.get("rev"), suite.get("add"), suite.get("rev.sort"));
        SkillDataset a = Splits.generate(skills, new SplitSizes(50, 10, 10), 7);
        SkillDataset b = Splits.generate(skills, new SplitSizes(50, 10, 10), 7);
        SkillDataset c = Splits.generate(skills, new SplitSizes(50, 10, 10), 8);
        assertEquals(a, b);
        assertEquals(a.provenance().sha256(), b.provenance().sha256());
        assertNotEquals(a.train(), c.train());
        assertNotEquals(a.provenance().sha256(), c.provenance().sha256());
        // One skill's data does not depend on the sizes requested for the skills after it.
        SkillDataset revOnly = Splits.generate(suite.get("rev"), 50, 10, 10, 7);
        assertEquals(revOnly.train(), a.train().subList(0, 50));
    }

    @Test
    void provenanceRecordsSizesAndSeed(@TempDir Path dir) {
        SkillDataset data = Splits.generate(suite.get("sort"), 20, 5, 5, 123);
        JsonObject json = JsonParser.parseString(data.provenance().toJson()).getAsJsonObject();
        assertEquals("sort", json.getAsJsonArray("skills").get(0).getAsString());
        assertEquals(20, json.getAsJsonObject("sizesPerSkill").get("train").getAsInt());
        assertEquals(5, json.getAsJsonObject("sizesPerSkill").get("test").getAsInt());
        assertEquals(123, json.get("seed").getAsLong());
        assertEquals("java.util.SplittableRandom", json.get("generator").getAsString());
        assertEquals(64, json.get("sha256").getAsString().length());

        data.write(dir, FieldNames.DEFAULT);
        assertEquals(data.train(), Jsonl.read(dir.resolve("train.jsonl")));
        assertEquals(data.test(), Jsonl.read(dir.resolve("test.jsonl")));
        assertEquals(
                Splits.contentHash(
                        Jsonl.read(dir.resolve("train.jsonl")),
                        Jsonl.read(dir.resolve("dev.jsonl")),
                        Jsonl.read(dir.resolve("test.jsonl"))),
                data.provenance().sha256());
        assertTrue(dir.resolve(SkillDataset.PROVENANCE_FILE).toFile().isFile());
    }

    @Test
    void sizesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SplitSizes(-1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SplitSizes(0, 0, 0));
        assertThrows(
                IllegalArgumentException.class,
                () -> Splits.generate(List.of(suite.get("rev"), suite.get("rev")), new SplitSizes(1, 1, 1), 0));
    }
}
