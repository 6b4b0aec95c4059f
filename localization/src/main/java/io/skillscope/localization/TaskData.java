package io.skillscope.localization;

import io.skillscope.core.train.Sequence;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.SkillDataset;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A task as token ids: train, dev and test items of (prompt, answer) where the answer ends with the end
 * token. A model solves an item when greedy decoding after the prompt produces exactly the answer.
 *
 * @param name the task name (a skill name)
 * @param train items that learn the mask
 * @param dev items that, with train, choose the best step
 * @param test held-out items for the reported accuracy and ECE
 * @param padId the padding id
 * @param eosId the end token, which every answer ends with
 */
public record TaskData(String name, List<Item> train, List<Item> dev, List<Item> test, int padId, int eosId) {
    /** Validates the parts and that every answer ends with the end token. */
    public TaskData {
        if (name == null || train == null || dev == null || test == null) {
            throw new LocalizationException("TaskData needs a name and train, dev and test lists");
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new LocalizationException("task " + name + " needs train and test items, got " + train.size()
                    + " train and " + test.size() + " test");
        }
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
        for (List<Item> split : List.of(train, dev, test)) {
            for (Item it : split) {
                if (it.answer()[it.answer().length - 1] != eosId) {
                    throw new LocalizationException("task " + name + ": an answer does not end with the end token "
                            + eosId + ": " + java.util.Arrays.toString(it.answer()));
                }
            }
        }
    }

    /**
     * One example as ids.
     *
     * @param prompt the prompt ids (with the beginning token when the model uses one)
     * @param answer the answer ids, ending with the end token
     */
    public record Item(int[] prompt, int[] answer) {
        /** Checks that both parts are non-empty. */
        public Item {
            if (prompt.length == 0 || answer.length == 0) {
                throw new LocalizationException("an item needs a non-empty prompt and answer, got " + prompt.length
                        + " and " + answer.length + " tokens");
            }
            prompt = prompt.clone();
            answer = answer.clone();
        }

        /** The training sequence: prompt then answer, loss on the answer. */
        public Sequence sequence() {
            return Sequence.of(prompt, answer);
        }
    }

    /**
     * A skill data set in the skill lab's format: prompt = [bos] + encode(prompt), answer = encode(answer)
     * + [eos].
     *
     * @param data the examples
     * @param tokenizer the character tokenizer
     * @return the task, named after the data set's skills
     */
    public static TaskData of(SkillDataset data, CharTokenizer tokenizer) {
        String name = String.join("+", data.provenance().skills());
        return new TaskData(
                name,
                items(data.train(), tokenizer),
                items(data.dev(), tokenizer),
                items(data.test(), tokenizer),
                tokenizer.padId(),
                tokenizer.eosId());
    }

    private static List<Item> items(List<Example> examples, CharTokenizer tok) {
        List<Item> out = new ArrayList<>(examples.size());
        for (Example e : examples) {
            int[] p = tok.encode(e.prompt());
            int[] prompt = new int[p.length + 1];
            prompt[0] = tok.bosId();
            System.arraycopy(p, 0, prompt, 1, p.length);
            int[] a = tok.encode(e.answer());
            int[] answer = java.util.Arrays.copyOf(a, a.length + 1);
            answer[a.length] = tok.eosId();
            out.add(new Item(prompt, answer));
        }
        return out;
    }

    /** Training sequences of the train split. */
    public List<Sequence> trainSequences() {
        return train.stream().map(Item::sequence).toList();
    }

    /** Train followed by dev. */
    public List<Item> trainAndDev() {
        List<Item> all = new ArrayList<>(train);
        all.addAll(dev);
        return all;
    }

    /** SHA-256 over every split's ids (for provenance). */
    public String sha256() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (List<Item> split : List.of(train, dev, test)) {
                md.update((byte) '|');
                for (Item it : split) {
                    for (int[] part : List.of(it.prompt(), it.answer())) {
                        ByteBuffer b = ByteBuffer.allocate(4 * part.length + 4).order(ByteOrder.LITTLE_ENDIAN);
                        b.putInt(part.length);
                        for (int v : part) {
                            b.putInt(v);
                        }
                        md.update(b.array());
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "TaskData[" + name + ", train=" + train.size() + ", dev=" + dev.size() + ", test=" + test.size() + "]";
    }
}
