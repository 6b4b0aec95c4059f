package io.skillscope.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tokenizer.json we write, loaded by DJL's Hugging Face tokenizers, encodes exactly as CharTokenizer. */
class HuggingFaceTokenizerParityTest {

    @Test
    void djlEncodesLikeCharTokenizer(@TempDir Path dir) throws IOException {
        CharTokenizer tok = CharTokenizer.standard();
        Path file = dir.resolve("tokenizer.json");
        tok.writeTokenizerJson(file);

        List<String> texts = new ArrayList<>(List.of(
                "rev(abcde)=edcba",
                "rev(sort(dcab))=dcba",
                "12+34=46",
                "itl(abc,de)=adbec",
                "alt(abcd)=AbCd",
                "sep(abc)=a-b-c",
                "a b  c"));
        StringBuilder printable = new StringBuilder();
        for (char c = ' '; c <= '~'; c++) {
            printable.append(c);
        }
        texts.add(printable.toString());
        SplittableRandom rng = new SplittableRandom(2);
        for (Skill skill : SkillSuite.standard().all()) {
            texts.add(skill.sample(rng).text());
        }

        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false"))) {
            for (String text : texts) {
                long[] expected = Arrays.stream(tok.encode(text)).asLongStream().toArray();
                Encoding encoding = hf.encode(text);
                assertArrayEquals(expected, encoding.getIds(), text);
                assertEquals(text, hf.decode(encoding.getIds(), true), text);
            }
            assertEquals("ab", hf.decode(new long[] {1, 69, 70, 2}, true));
            // An unknown character becomes <unk> in Hugging Face; CharTokenizer refuses it instead.
            assertArrayEquals(new long[] {69, 3}, hf.encode("aé").getIds());
        }
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "true"))) {
            assertArrayEquals(new long[] {1, 69, 70}, hf.encode("ab").getIds(), "<bos> prepended");
        }
    }
}
