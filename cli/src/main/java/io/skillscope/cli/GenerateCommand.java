package io.skillscope.cli;

import io.skillscope.core.generate.Generation;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.tokenizer.HfTokenizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope generate}: encodes a prompt with the model folder's {@code tokenizer.json}, decodes
 * greedily (or samples with a temperature) until the tokenizer's end-of-sequence token or the length
 * limit, and prints the continuation.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Continue a prompt and print the generated text (greedy unless --temperature > 0).")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ModelFolder model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(
            names = "--max-new",
            paramLabel = "N",
            defaultValue = "32",
            description = "At most this many new tokens (default: ${DEFAULT-VALUE}).")
    int maxNew;

    @Option(
            names = "--temperature",
            paramLabel = "T",
            defaultValue = "0",
            description = "0 for greedy decoding, else sample from softmax(logits / T) (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(
            names = "--top-p",
            paramLabel = "P",
            defaultValue = "1",
            description = "Nucleus sampling: keep the most likely tokens up to this mass (default: ${DEFAULT-VALUE}).")
    double topP;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "0",
            description = "Seed of the sampler (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--add-special-tokens",
            description = "Let the tokenizer add its special tokens to the prompt (e.g. a leading BOS).")
    boolean addSpecialTokens;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (maxNew < 1) {
            throw usage("--max-new must be >= 1, got " + maxNew);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw usage("--temperature must be >= 0 and finite, got " + temperature);
        }
        if (!(topP > 0) || topP > 1) {
            throw usage("--top-p must be in (0, 1], got " + topP);
        }
        Path folder = model.folder();
        model.requireMemory(new MemoryEstimate.Workload("generate", 1, 128 + maxNew, 0, true, false, 0));
        try (HfTokenizer tok = HfTokenizer.load(folder, addSpecialTokens);
                Transformer m = model.load()) {
            int[] ids = tok.encode(prompt);
            if (ids.length == 0) {
                throw usage("--prompt \"" + prompt + "\" encodes to no tokens");
            }
            int vocab = m.config().vocabSize();
            for (int id : ids) {
                if (id >= vocab) {
                    throw usage("the tokenizer gives id " + id + ", beyond the model's vocabulary of " + vocab);
                }
            }
            OptionalInt eos = tok.eosId();
            int pad = tok.padId().orElse(eos.orElse(0));
            Integer[] stop = eos.isPresent() ? new Integer[] {eos.getAsInt()} : new Integer[0];
            GenerationConfig config = temperature == 0
                    ? GenerationConfig.greedy(maxNew, pad, stop)
                    : GenerationConfig.sampled(maxNew, temperature, topP, seed, pad, stop);
            Generation g = Generator.generate(m, ids, config);
            PrintWriter out = spec.commandLine().getOut();
            out.println(tok.decode(g.tokens()));
            out.flush();
        }
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
