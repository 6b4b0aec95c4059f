package io.skillscope.cli;

import ai.djl.Device;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.checkpoint.AtomicFolder;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.memory.MemoryBudget;
import io.skillscope.core.memory.MemoryEstimate;
import io.skillscope.core.model.Transformer;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Loads the model; close it when done. */
    Transformer load() {
        return Transformer.load(folder(), device());
    }
}
