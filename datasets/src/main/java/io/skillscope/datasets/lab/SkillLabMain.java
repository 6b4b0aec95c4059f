package io.skillscope.datasets.lab;

import io.skillscope.core.Progress;
import io.skillscope.core.SkillscopeException;
import io.skillscope.core.model.Transformer;
import io.skillscope.datasets.Example;
import io.skillscope.datasets.Skill;
import io.skillscope.datasets.SkillSuite;
import io.skillscope.datasets.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small command line over {@link SkillLab}, kept for scripts that call it; the documented way is the
 * {@code skillscope} command ({@code skillscope train base|sft|rl ...}, {@code skillscope eval ...}),
 * which takes these options too:
 * <pre>
 *   SkillLabMain base|sft|rl --recipe FILE --out DIR [--steps N] [--init DIR] [--checkpoint-every N]
 *   SkillLabMain eval --model DIR [--skills a,b|all|seen|heldout] [--split test] [--per-skill N] [--json]
 * </pre>
 * {@code eval} draws the split as the model's own {@code recipe.json} drew it (its skills, sizes and
 * data seed), so a test split is never training data; {@code --json} prints
 * {@code {"<skill>": {"n": N, "accuracy": A, "unparseable": U}, ...}}.
 */
public final class SkillLabMain {
    private SkillLabMain() {}

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (SkillscopeException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Runs one command; returns the exit status. */
    public static int run(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: base|sft|rl --recipe FILE --out DIR [--steps N] [--init DIR] | eval --model DIR"
                    + " [--skills a,b|all|seen|heldout] [--split test] [--per-skill N] [--json]");
            return 2;
        }
        Map<String, String> opt = options(args);
        String cmd = args[0].toLowerCase(Locale.ROOT);
        if (cmd.equals("eval")) {
            return eval(opt);
        }
        Recipe.Stage stage = switch (cmd) {
            case "base" -> Recipe.Stage.BASE;
            case "sft" -> Recipe.Stage.SFT;
            case "rl" -> Recipe.Stage.RL;
            default -> throw new SkillscopeException("unknown command '" + args[0] + "' (base, sft, rl, eval)");
        };
        Recipe r = Recipe.load(Path.of(require(opt, "recipe")));
        if (r.stage() != stage) {
            throw new SkillscopeException("recipe " + opt.get("recipe") + " is a " + r.stage() + " recipe, not " + stage);
        }
        if (opt.containsKey("steps")) {
            r = r.withSteps(Integer.parseInt(opt.get("steps")));
        }
        if (opt.containsKey("init")) {
            r = r.withInit(opt.get("init"));
        }
        Progress p = Progress.stderr(cmd, r.steps(), Integer.parseInt(opt.getOrDefault("every", "25")));
        int every = Integer.parseInt(opt.getOrDefault("checkpoint-every", "0"));
        Path out = Path.of(require(opt, "out"));
        SkillLab.TrainResult res = every > 0 ? SkillLab.train(r, out, p, every) : SkillLab.train(r, out, p);
        System.out.println(res);
        return 0;
    }

    private static int eval(Map<String, String> opt) {
        Path dir = Path.of(require(opt, "model"));
        Path recipeFile = dir.resolve(SkillLab.RECIPE_FILE);
        if (!Files.exists(recipeFile)) {
            throw new SkillscopeException("eval: " + recipeFile + " is missing; its data settings define the splits");
        }
        Recipe r = Recipe.load(recipeFile);
        SkillSuite suite = r.suite();
        List<Skill> skills = skills(suite, opt.getOrDefault("skills", "all"), r);
        Split split = Split.valueOf(opt.getOrDefault("split", "test").toUpperCase(Locale.ROOT));
        int perSkill = Integer.parseInt(opt.getOrDefault("per-skill", "0"));
        LabData data = LabData.forSkills(r, skills.stream().map(Skill::name).toList(), suite);
        List<Example> pool = data.split(split);
        List<Example> chosen = new ArrayList<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Example e : pool) {
            if (perSkill <= 0 || counts.merge(e.skill(), 1, Integer::sum) <= perSkill) {
                chosen.add(e);
            }
        }
        try (Transformer model = Transformer.load(dir)) {
            Evaluation ev = SkillLab.evaluate(model, chosen, suite);
            System.out.println(opt.containsKey("json") ? ev.toJson() : ev.toMarkdown());
        }
        return 0;
    }

    private static List<Skill> skills(SkillSuite suite, String spec, Recipe r) {
        return switch (spec) {
            case "all" -> r.skills().isEmpty() ? suite.seen() : r.skills().stream().map(suite::get).toList();
            case "seen" -> suite.seen();
            case "heldout" -> suite.heldOut();
            default -> java.util.Arrays.stream(spec.split(",")).map(String::trim).map(suite::get).toList();
        };
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new SkillscopeException("unexpected argument '" + args[i] + "'");
            }
            String key = args[i].substring(2);
            if (key.equals("json")) {
                m.put(key, "true");
            } else if (i + 1 < args.length) {
                m.put(key, args[++i]);
            } else {
                throw new SkillscopeException("option --" + key + " needs a value");
            }
        }
        return m;
    }

    private static String require(Map<String, String> opt, String key) {
        String v = opt.get(key);
        if (v == null) {
            throw new SkillscopeException("missing option --" + key);
        }
        return v;
    }
}
