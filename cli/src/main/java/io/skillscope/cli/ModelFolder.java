package io.skillscope.cli;

import ai.djl.Device;
import io.skillscope.api.ModelCodec;
import io.skillscope.api.PromptLengths;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.config.ContextLimit;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.memory.MemoryBudget;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.core.model.Transformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --model DIR} and {@code --device} options shared by the subcommands that load a model. */
final class ModelFolder {

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "A Hugging Face model folder: config.json and *.safetensors (tokenizer.json for text).")
    Path folder;

    @Option(
            names = "--device",
            paramLabel = "NAME",
            converter = DeviceConverter.class,
            description = "cpu, gpu, gpu(N), gpuN or cuda:N; default: the first GPU DJL finds, else the CPU.")
    Device device;

    @Option(
            names = "--check-finite",
            description = "Scan every stored weight as it is read and refuse the first NaN or infinity, naming the"
                    + " tensor and index (outputs are always checked).")
    boolean checkFinite;

    /** The folder, checked to exist. */
    Path folder() {
        if (!Files.isDirectory(folder)) {
            throw new SkillscopeException("model folder " + folder + " does not exist or is not a folder");
        }
        AtomicFolder.requireComplete(folder, "--model");
        return folder;
    }

    Device device() {
        return device == null ? Transformer.defaultDevice() : device;
    }

    /**
     * Refuses a command whose memory estimate for this model does not fit the machine and JVM, before
     * anything is allocated (reads config.json only).
     *
     * @throws io.skillscope.core.memory.InsufficientMemoryException naming the estimate
     */
    void requireMemory(MemoryEstimate.Workload workload) {
        ModelConfig c = ModelConfig.load(folder().resolve("config.json"));
        MemoryBudget.check(MemoryEstimate.of(c, workload));
    }

    /** The model's context ({@code config.json}), the longest sequence it is given. */
    ContextLimit context() {
        return ContextLimit.of(ModelConfig.load(folder().resolve("config.json")));
    }

    /**
     * Applies the context rule to JSONL inputs before the model is loaded: the first line whose {@code
     * [bos] + prompt + answer + [eos]} is longer than the context is refused with its file and line.
     *
     * @throws io.skillscope.core.config.ContextLimit.ContextLengthException naming the file and line
     */
    void requireFits(List<Path> jsonl) {
        if (jsonl.isEmpty()) {
            return;
        }
        ContextLimit limit = context();
        try (ModelCodec codec = ModelCodec.of(folder())) {
            for (Path f : jsonl) {
                PromptLengths.requireFits(f, codec.codec(), limit);
            }
        }
    }

    /** Loads the model; close it when done. */
    Transformer load() {
        return Transformer.load(folder(), device(), checkFinite);
    }
}
