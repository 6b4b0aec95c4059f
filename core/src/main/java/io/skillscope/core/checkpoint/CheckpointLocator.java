package io.skillscope.core.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds the checkpoint in a file or Hugging Face folder, and refuses pickles. */
final class CheckpointLocator {

    private static final List<String> PICKLE_SUFFIXES = List.of(".bin", ".pt", ".pth", ".ckpt");

    private CheckpointLocator() {}

    static TensorSource open(Path path) {
        if (Files.isDirectory(path)) {
            return openFolder(path);
        }
        if (!Files.exists(path)) {
            throw new CheckpointException(path + ": no such file or folder");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".index.json")) {
            return ShardedSafetensors.open(path);
        }
        if (isPickle(name)) {
            throw refusePickle(path, List.of(path.getFileName().toString()));
        }
        return SafetensorsFile.open(path);
    }

    private static TensorSource openFolder(Path folder) {
        Path single = folder.resolve("model.safetensors");
        if (Files.isRegularFile(single)) {
            return SafetensorsFile.open(single);
        }
        Path index = folder.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            return ShardedSafetensors.open(index);
        }
        List<String> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new CheckpointException(folder + ": cannot list folder (" + e + ")", e);
        }
        List<String> indexes = files.stream()
                .filter(f -> f.endsWith(".safetensors.index.json"))
                .toList();
        List<String> safetensors =
                files.stream().filter(f -> f.endsWith(".safetensors")).toList();
        if (indexes.size() == 1) {
            return ShardedSafetensors.open(folder.resolve(indexes.get(0)));
        }
        if (indexes.isEmpty() && safetensors.size() == 1) {
            return SafetensorsFile.open(folder.resolve(safetensors.get(0)));
        }
        if (indexes.size() + safetensors.size() > 1) {
            throw new CheckpointException(folder
                    + ": several candidate checkpoints "
                    + (indexes.isEmpty() ? safetensors : indexes)
                    + " and no model.safetensors or model.safetensors.index.json; open one file directly");
        }
        List<String> pickles =
                files.stream().filter(f -> isPickle(f.toLowerCase(Locale.ROOT))).toList();
        if (!pickles.isEmpty()) {
            throw refusePickle(folder, pickles);
        }
        throw new CheckpointException(folder
                + ": no checkpoint found; expected model.safetensors or model.safetensors.index.json"
                + " (the folder holds "
                + files
                + ")");
    }

    private static boolean isPickle(String lowerName) {
        return PICKLE_SUFFIXES.stream().anyMatch(lowerName::endsWith);
    }

    private static CheckpointException refusePickle(Path where, List<String> pickles) {
        return new CheckpointException(where
                + ": only pickled checkpoints found "
                + pickles
                + "; skillscope refuses pickled checkpoints because unpickling runs arbitrary code."
                + " Convert to safetensors in Python, e.g."
                + " AutoModelForCausalLM.from_pretrained(folder).save_pretrained(out,"
                + " safe_serialization=True), or safetensors.torch.save_file(torch.load(f,"
                + " weights_only=True), 'model.safetensors', metadata={'format': 'pt'})");
    }
}
