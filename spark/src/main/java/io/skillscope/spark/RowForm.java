package io.skillscope.spark;

import io.skillscope.datasets.Example;
import io.skillscope.probes.PositionMode;
import io.skillscope.probes.ProbeDataset;
import io.skillscope.probes.TokenCodec;
import io.skillscope.unlearning.KsdFitOn;
import java.io.Serializable;
import java.util.List;

/**
 * How a corpus's examples become probe rows, the same on the driver (which hashes the rows) and on every
 * executor (which probes them): {@link Examples} as {@code skillscope probe} tokenizes them, or {@link
 * KsdKeys} as a Key Space Detection fit reads its forget set ({@link KsdFitOn#dataset}).
 */
public sealed interface RowForm extends Serializable permits RowForm.Examples, RowForm.KsdKeys {
    /**
     * The rows of some examples.
     *
     * @param name the dataset's name
     * @param examples the examples, in order
     * @param codec the model folder's token conventions
     * @throws IllegalArgumentException when an example cannot become a row (e.g. an empty answer)
     */
    ProbeDataset rows(String name, List<Example> examples, TokenCodec codec);

    /** The name the rows' dataset has, given the corpus's name. */
    default String datasetName(String corpusName) {
        return corpusName;
    }

    /** The rows {@code skillscope probe} reads for the given positions: prompts alone at the last prompt token. */
    static RowForm of(PositionMode positions) {
        return new Examples(positions != PositionMode.LAST_PROMPT_TOKEN);
    }

    /**
     * {@link ProbeDataset#fromExamples}: {@code [bos] prompt}, followed by the answer and the end token when
     * {@code withAnswers}.
     *
     * @param withAnswers append each answer and the end token
     */
    record Examples(boolean withAnswers) implements RowForm {
        private static final long serialVersionUID = 1L;

        @Override
        public ProbeDataset rows(String name, List<Example> examples, TokenCodec codec) {
            return ProbeDataset.fromExamples(name, examples, codec, withAnswers);
        }
    }

    /**
     * The forget keys of a Key Space Detection fit ({@link KsdFitOn#dataset}): the prompt, the answer text
     * alone, or prompt and answer without the end token.
     *
     * @param fitOn which keys
     */
    record KsdKeys(KsdFitOn fitOn) implements RowForm {
        private static final long serialVersionUID = 1L;

        public KsdKeys {
            if (fitOn == null) {
                throw new IllegalArgumentException("RowForm.KsdKeys.fitOn must not be null");
            }
        }

        @Override
        public ProbeDataset rows(String name, List<Example> examples, TokenCodec codec) {
            return fitOn.dataset(name, examples, codec);
        }

        @Override
        public String datasetName(String corpusName) {
            return fitOn.datasetName(corpusName);
        }
    }
}
