package io.skillscope.localization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillSuite;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaskSplitsTest {
    private static List<Example> rows(int n) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Example("p" + i, "a" + i, "f"));
        }
        return out;
    }

    @Test
    void aFileIsShuffledWithTheSeedThenCut() {
        List<Example> all = rows(10);
        TaskSplits s = TaskSplits.shuffled(Path.of("f.jsonl"), all, 3, 4, 2, 3);
        List<Example> expected = new ArrayList<>(all);
        Collections.shuffle(expected, new Random(3));
        assertEquals(expected.subList(0, 4), s.train());
        assertEquals(expected.subList(4, 6), s.dev());
        assertEquals(expected.subList(6, 9), s.test());
        assertEquals("file f.jsonl, shuffled with seed 3", s.source());
        LocalizationException e = assertThrows(
                LocalizationException.class, () -> TaskSplits.shuffled(Path.of("f.jsonl"), all, 3, 8, 2, 3));
        assertTrue(e.getMessage().contains("f.jsonl") && e.getMessage().contains("10 examples"), e.getMessage());
    }

    @Test
    void generatedSplitsEncodeLikeTaskDataOf() {
        CharTokenizer tok = CharTokenizer.standard();
        TaskSplits s = TaskSplits.generated(SkillSuite.standard().get("rev"), 3, 1, 2, 7);
        assertEquals("generated: skill rev, seed 7", s.source());
        TaskData viaSplits = s.encode(
                "rev",
                e -> {
                    int[] p = tok.encode(e.prompt());
                    int[] prompt = new int[p.length + 1];
                    prompt[0] = tok.bosId();
                    System.arraycopy(p, 0, prompt, 1, p.length);
                    int[] a = tok.encode(e.answer());
                    int[] answer = java.util.Arrays.copyOf(a, a.length + 1);
                    answer[a.length] = tok.eosId();
                    return new TaskData.Item(prompt, answer);
                },
                tok.padId(),
                tok.eosId());
        TaskData direct = TaskData.of(
                io.skillscope.datasets.Splits.generate(SkillSuite.standard().get("rev"), 3, 1, 2, 7), tok);
        assertEquals(direct.sha256(), viaSplits.sha256());
    }
}
