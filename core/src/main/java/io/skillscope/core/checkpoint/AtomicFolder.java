package io.skillscope.core.checkpoint;

import io.skillscope.core.Json;
import io.skillscope.core.Provenance;
import io.skillscope.core.SkillscopeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes an output folder all-or-nothing, as {@link AtomicFiles} writes a file: the folder is built
 * under a hidden sibling name ({@code .NAME.partial-<pid>-<random>}), a completion marker
 * ({@value #MARKER}: the command, the time and every file's size) is written last, and the folder is
 * renamed into place in one step. A reader therefore finds the folder complete or absent.
 *
 * <p>A previous output at the target (one with the marker, or with a result file of an older
 * skillscope) is replaced only after the new folder is complete: it is renamed aside
 * ({@code .NAME.old-<pid>-<random>}), the new folder is renamed in, and the old one is deleted. A folder
 * that holds anything else is never replaced. {@link #cleanDeadTemporaries} removes what a killed run
 * left (partial folders, {@code .tmp} files of a dead process) and, when a crash fell between the two
 * renames, puts the complete folder back under its name.
 *
 * <p>Readers call {@link #requireComplete}: a folder that a killed run could have left looking whole (a
 * model {@code train} wrote, which holds {@code recipe.json}; a checkpoint {@code checkpoints/step-N}; a
 * sweep point {@code sparsity-S}; anything inside a partial folder) needs the marker in itself or in a
 * folder above it. A model folder from anywhere else (a Hugging Face download) has none of those and is
 * read as it is, and so is a folder whose only sign is {@code result.json} (the library's own writers,
 * called from Java, write it last and add no marker).
 */
public final class AtomicFolder implements AutoCloseable {

    /** The completion marker, written last into every output folder. */
    public static final String MARKER = "skillscope-complete.json";

    /** Files whose presence marks a folder of an older skillscope (no marker) as a previous result. */
    public static final List<String> RESULT_FILES = List.of(
            "result.json", "model.safetensors", "recipe.json", "mask.safetensors", "stats.safetensors", "demo.json");

    /** A temporary folder: {@code .NAME.partial-PID-RANDOM} (being built) or {@code .NAME.old-PID-RANDOM} (being replaced). */
    static final Pattern TEMPORARY = Pattern.compile("^\\.(.+)\\.(partial|old)-(\\d+)-([0-9a-z]+)$");

    /** A temporary file of {@link AtomicFiles}: {@code .NAME.PID-DIGITS.tmp}. */
    static final Pattern TMP_FILE = Pattern.compile("^\\..+\\.(\\d+)-\\d+\\.tmp$");

    /** A temporary file of an older skillscope (no process id): {@code .NAME.DIGITS.tmp}, removed after a day. */
    static final Pattern LEGACY_TMP_FILE = Pattern.compile("^\\..+\\.\\d+\\.tmp$");

    private static final Pattern CHECKPOINT = Pattern.compile("^step-\\d+$");
    private static final long START_TOLERANCE_S = 10;
    private static final long LEGACY_TMP_AGE_MS = 24L * 3600 * 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path target;
    private final Path work;
    private final String command;
    private boolean committed;

    private AtomicFolder(Path target, Path work, String command) {
        this.target = target;
        this.work = work;
        this.command = command;
    }

    /**
     * Starts an output folder: cleans the dead temporaries of the target's parent, checks that the
     * target is absent, an empty folder or a previous output, and creates the partial folder.
     *
     * @param target the folder to produce
     * @param command what writes it, recorded in the marker (for example {@code "train sft"})
     * @param notes receives one line per temporary cleaned (a command prints them on stderr)
     * @return the folder being built; write into {@link #dir()}, then {@link #commit()}
     * @throws SkillscopeException when the target is a file, or a folder holding something else
     */
    public static AtomicFolder begin(Path target, String command, Consumer<String> notes) {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new SkillscopeException("cannot write an output folder at " + target);
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new SkillscopeException("cannot create " + parent + " (" + e.getMessage() + ")", e);
        }
        cleanDeadTemporaries(parent, notes);
        requireReplaceable(abs, target);
        Path work = parent.resolve(temporaryName(abs.getFileName().toString(), "partial"));
        try {
            Files.createDirectory(work);
        } catch (IOException e) {
            throw new SkillscopeException("cannot create " + work + " (" + e.getMessage() + ")", e);
        }
        return new AtomicFolder(abs, work, command);
    }

    /** {@link #begin(Path, String, Consumer)} without notes (library callers that do not print). */
    public static AtomicFolder begin(Path target, String command) {
        return begin(target, command, note -> {});
    }

    /**
     * Builds a folder with {@code body} and commits it; on any failure the partial folder is removed and
     * the target is unchanged.
     *
     * @param target the folder to produce
     * @param command recorded in the marker
     * @param body writes the folder's content into the partial folder it is given
     * @return the target
     */
    public static Path write(Path target, String command, Consumer<Path> body) {
        try (AtomicFolder f = begin(target, command)) {
            body.accept(f.dir());
            return f.commit();
        }
    }

    /** The partial folder to write into (a hidden sibling of the target until {@link #commit()}). */
    public Path dir() {
        return work;
    }

    /** The folder this produces. */
    public Path target() {
        return target;
    }

    /**
     * Writes the marker and renames the folder into place, replacing a previous output only after the
     * new folder is complete.
     *
     * @return the target
     */
    public Path commit() {
        if (committed) {
            return target;
        }
        writeMarker();
        try {
            if (!Files.exists(target) || isEmptyFolder(target)) {
                move(work, target);
            } else {
                requireReplaceable(target, target);
                Path old =
                        target.resolveSibling(temporaryName(target.getFileName().toString(), "old"));
                move(target, old);
                move(work, target);
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new SkillscopeException(
                    "cannot move the finished output " + work + " to " + target + " (" + e.getMessage() + ")", e);
        }
        committed = true;
        return target;
    }

    /** Removes the partial folder of a run that did not {@link #commit()}. */
    @Override
    public void close() {
        if (!committed) {
            try {
                deleteTree(work);
            } catch (IOException | UncheckedIOException e) {
                // the failure that got us here matters more; a dead run's folder is cleaned later
            }
        }
    }

    private void writeMarker() {
        Map<String, Object> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(work)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(work.relativize(p).toString().replace('\\', '/'), Files.size(p));
                }
            }
        } catch (IOException e) {
            throw new SkillscopeException("cannot list the output " + work + " (" + e.getMessage() + ")", e);
        }
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("command", command);
        marker.put("completed", Instant.now().toString());
        marker.put("skillscope", Provenance.VERSION);
        marker.put("files", files);
        Json.write(work.resolve(MARKER), marker);
    }

    /**
     * Whether a folder holds the marker, or lies inside a folder that does (whatever a committed folder
     * holds was complete when it was renamed into place).
     */
    public static boolean isComplete(Path dir) {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (TEMPORARY.matcher(name(p)).matches()) {
                // a partial or old folder is never read, even complete (it is about to be renamed or
                // deleted); inside one, only a folder with its own marker (a finished checkpoint) is
                return false;
            }
            if (Files.isRegularFile(p.resolve(MARKER))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a folder must be {@link #isComplete complete} to be read: it holds {@code recipe.json} or
     * the marker (a model {@code train} wrote), it is a checkpoint ({@code checkpoints/step-N}) or a sweep
     * point ({@code sparsity-S}), or it lies in a partial folder. A Hugging Face model folder from
     * elsewhere has none of these.
     */
    public static boolean isSkillscopeOutput(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        String name = name(abs);
        if (Files.isRegularFile(abs.resolve("recipe.json"))
                || Files.isRegularFile(abs.resolve(MARKER))
                || name.startsWith("sparsity-")
                || (CHECKPOINT.matcher(name).matches()
                        && abs.getParent() != null
                        && name(abs.getParent()).equals("checkpoints"))) {
            return true;
        }
        for (Path p = abs; p != null; p = p.getParent()) {
            if (TEMPORARY.matcher(name(p)).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses a folder that looks like a skillscope output but lacks the marker.
     *
     * @param dir the folder a command is about to read
     * @param role how the command names it in its message (for example {@code "--init"})
     * @throws SkillscopeException one line naming the folder and why
     */
    public static void requireComplete(Path dir, String role) {
        if (!Files.isDirectory(dir) || !isSkillscopeOutput(dir) || isComplete(dir)) {
            return;
        }
        Path abs = dir.toAbsolutePath().normalize();
        for (Path p = abs; p != null; p = p.getParent()) {
            if (TEMPORARY.matcher(name(p)).matches()) {
                throw new SkillscopeException(role + " " + dir
                        + (p.equals(abs) ? " is" : " is inside " + p.getFileName() + ",")
                        + " the unfinished folder of a run that was interrupted or is still running;"
                        + " read a complete output instead");
            }
        }
        throw new SkillscopeException(role + " " + dir + " is an incomplete skillscope output (no " + MARKER
                + "): the run that wrote it was interrupted, or an older skillscope wrote it; run the command again");
    }

    /**
     * Whether a folder may be replaced by a new output: it holds the marker, or a result file of an
     * older skillscope ({@link #RESULT_FILES}), or nothing.
     */
    public static boolean isPreviousOutput(Path dir) {
        if (Files.isRegularFile(dir.resolve(MARKER))) {
            return true;
        }
        for (String f : RESULT_FILES) {
            if (Files.exists(dir.resolve(f))) {
                return true;
            }
        }
        return false;
    }

    private static void requireReplaceable(Path abs, Path given) {
        if (!Files.exists(abs)) {
            return;
        }
        if (!Files.isDirectory(abs)) {
            throw new SkillscopeException(given + " exists and is not a folder");
        }
        if (!isEmptyFolder(abs) && !isPreviousOutput(abs)) {
            throw new SkillscopeException(given + " is not empty and holds no skillscope output ("
                    + String.join(", ", RESULT_FILES) + " or " + MARKER
                    + "); choose a new or empty folder (a folder that is not an output is never replaced)");
        }
    }

    /**
     * Removes what dead runs left in a folder: partial folders and {@code .tmp} files whose process is
     * gone (and {@code .tmp} files of an older skillscope after a day). Where a crash fell between the
     * two renames of a replacement (the target missing, its old and new folders both present), the
     * complete new folder, else the old one, is renamed back into place.
     *
     * @param parent the folder a command is about to write into
     * @param notes receives one line per action
     */
    public static void cleanDeadTemporaries(Path parent, Consumer<String> notes) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        Map<String, List<Path>> partial = new LinkedHashMap<>();
        Map<String, List<Path>> old = new LinkedHashMap<>();
        List<Path> deadFiles = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, ".*")) {
            for (Path p : entries) {
                String n = name(p);
                Matcher m = TEMPORARY.matcher(n);
                if (m.matches() && Files.isDirectory(p)) {
                    if (!isAlive(Long.parseLong(m.group(3)), p)) {
                        (m.group(2).equals("partial") ? partial : old)
                                .computeIfAbsent(m.group(1), k -> new ArrayList<>())
                                .add(p);
                    }
                    continue;
                }
                Matcher t = TMP_FILE.matcher(n);
                if (t.matches() && Files.isRegularFile(p) && !isAlive(Long.parseLong(t.group(1)), p)) {
                    deadFiles.add(p);
                } else if (!t.matches()
                        && LEGACY_TMP_FILE.matcher(n).matches()
                        && Files.isRegularFile(p)
                        && System.currentTimeMillis()
                                        - Files.getLastModifiedTime(p).toMillis()
                                > LEGACY_TMP_AGE_MS) {
                    deadFiles.add(p);
                }
            }
        } catch (IOException e) {
            return; // an unreadable folder fails later, where the command writes, with its own message
        }
        try {
            for (String name : union(partial, old)) {
                Path target = parent.resolve(name);
                List<Path> news = partial.getOrDefault(name, List.of());
                List<Path> olds = old.getOrDefault(name, List.of());
                if (!Files.exists(target)) {
                    Optional<Path> complete = news.stream()
                            .filter(p -> Files.isRegularFile(p.resolve(MARKER)))
                            .max(Comparator.comparing(AtomicFolder::modified));
                    Optional<Path> back = complete.isPresent()
                            ? complete
                            : olds.stream().max(Comparator.comparing(AtomicFolder::modified));
                    if (back.isPresent()) {
                        move(back.get(), target);
                        notes.accept("restored " + target + " from "
                                + back.get().getFileName() + " (a run stopped while replacing it)");
                    }
                }
                for (Path p : concat(news, olds)) {
                    if (Files.exists(p)) {
                        deleteTree(p);
                        notes.accept("removed " + p + " (left by a run that stopped before it finished)");
                    }
                }
            }
            for (Path f : deadFiles) {
                Files.deleteIfExists(f);
                notes.accept("removed " + f + " (a temporary file of a run that stopped)");
            }
        } catch (IOException | UncheckedIOException e) {
            notes.accept("could not clean a temporary in " + parent + " (" + e.getMessage() + ")");
        }
    }

    /**
     * Whether the process that named a temporary is still running: its id is live and it started before
     * the temporary was last written (a start more than 10 s later is another process that reused the id).
     */
    static boolean isAlive(long pid, Path temporary) {
        if (pid == ProcessHandle.current().pid()) {
            return true;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        Optional<Instant> started = h.get().info().startInstant();
        // the start time is derived from clock ticks and boot time: allow it to read a little late
        return started.isEmpty()
                || !started.get().isAfter(modified(temporary).toInstant().plusSeconds(START_TOLERANCE_S));
    }

    /**
     * The path a folder will have once its run commits: every partial component
     * ({@code .NAME.partial-PID-RANDOM}) replaced by its {@code NAME}, for what a run records or shows.
     */
    public static Path finalPath(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path out = abs.getRoot();
        for (Path part : abs) {
            Matcher m = TEMPORARY.matcher(part.toString());
            out = out == null ? part : out.resolve(m.matches() ? m.group(1) : part.toString());
        }
        return out;
    }

    private static String temporaryName(String name, String kind) {
        return "." + name + "." + kind + "-" + ProcessHandle.current().pid() + "-"
                + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36).toLowerCase(Locale.ROOT);
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static boolean isEmptyFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Deletes a folder and everything in it (links are removed, never followed). The markers go first,
     * so a deletion cut short leaves no folder that a reader would take for complete.
     */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(root)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (boolean markers : new boolean[] {true, false}) {
            for (Path p : all) {
                if (markers != name(p).equals(MARKER)) {
                    continue;
                }
                try {
                    Files.delete(p);
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        }
    }

    private static String name(Path p) {
        Path f = p.getFileName();
        return f == null ? "" : f.toString();
    }

    private static List<String> union(Map<String, List<Path>> a, Map<String, List<Path>> b) {
        List<String> names = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(names::add);
        return names;
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
