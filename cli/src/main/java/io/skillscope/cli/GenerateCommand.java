package io.skillscope.cli;

import io.skillscope.api.ModelCodec;
import io.skillscope.core.config.ContextLimit;
import io.skillscope.core.generate.Generation;
import io.skillscope.core.generate.GenerationConfig;
import io.skillscope.core.generate.Generator;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.core.model.Transformer;
import io.skillscope.core.tokenizer.SpecialTokens;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope generate}: encodes a prompt with the model folder's {@code tokenizer.json}, puts BOS
 * in front when the folder's tokenizer does, decodes greedily (or samples with a temperature) until any
 * of the folder's stop ids or the length limit, and prints the continuation. Tokens and stop ids are read
 * by {@link ModelCodec#open} ({@link SpecialTokens#resolve}), as the facade and the pipeline commands
 * read them; ids the tokenizer cannot decode are never generated.
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Continue a prompt and print the generated text (greedy unless --temperature > 0).")
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    ModelFolder model;

    @Option(
            names = "--prompt",
            required = true,
            paramLabel = "TEXT",
            description = "The prompt; at most the model's context (config.json max_position_embeddings or"
                    + " n_positions) tokens, else refused.")
    String prompt;

    @Option(
            names = "--max-new",
            paramLabel = "N",
            defaultValue = "32",
            description =
                    "At most this many new tokens (default: ${DEFAULT-VALUE}); capped, with one line on stderr, to what"
                            + " fits the model's context after the prompt. A prompt longer than the context is refused.")
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

    /** Whether the prompt starts with BOS. */
    enum Bos {
        auto,
        on,
        off
    }

    @Option(
            names = "--bos",
            paramLabel = "auto|on|off",
            defaultValue = "auto",
            description = "Put the BOS token before the prompt: auto follows the model folder (its tokenizer's"
                    + " post-processor or add_bos_token) (default: ${DEFAULT-VALUE}).")
    Bos bos;

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
        try (ModelCodec codec = ModelCodec.open(folder)) {
            SpecialTokens specials = codec.specials();
            if (bos != Bos.auto) {
                specials = specials.withPrependBos(bos == Bos.on);
            }
            int[] ids = specials.prompt(codec.tokenizer().encode(prompt));
            if (ids.length == 0) {
                throw usage("--prompt \"" + prompt + "\" encodes to no tokens");
            }
            ContextLimit context = model.context();
            if (!context.fits(ids.length)) {
                throw usage(context.describe(ids.length, "--prompt"));
            }
            int n = context.capNew(ids.length, maxNew);
            if (n < maxNew) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("--max-new " + maxNew + " capped to " + n + ": the prompt's " + ids.length
                        + " tokens and the new ones fit the model's " + context.tokens() + "-token context");
                err.flush();
            }
            if (n == 0) {
                throw usage("--prompt fills the model's " + context.tokens() + "-token context; nothing can follow it");
            }
            model.requireMemory(new MemoryEstimate.Workload("generate", 1, ids.length + n, 0, true, false, 0));
            GenerationConfig config = specials.generation(n, temperature, topP, seed);
            Generation g;
            try (Transformer m = model.load()) {
                g = Generator.generate(m, ids, config);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(codec.tokenizer().decode(g.tokens()));
            out.flush();
        }
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
