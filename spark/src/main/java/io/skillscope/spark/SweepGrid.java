package io.skillscope.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The points of the sweeps {@code skillscope spark sweep} runs, each a {@code skillscope} command line:
 * {@code localize} over skills × sparsities × seeds, and {@code unlearn} over forget sets × methods × p.
 * Points come in a fixed order (the first axis outermost) with names built from their coordinates, so the
 * same grid always gives the same folders.
 */
public final class SweepGrid {
    private SweepGrid() {}

    /**
     * {@code skillscope localize --base B --finetuned F --skill S --sparsity s --seed r EXTRA} for every
     * skill, sparsity and seed.
     *
     * @param extra further localize options, the same for every point ({@code --train 64 --steps 20})
     */
    public static List<SweepPoint> localize(
            Path base,
            Path finetuned,
            List<String> skills,
            List<String> sparsities,
            List<Long> seeds,
            List<String> extra) {
        requireNonEmpty("skills", skills);
        requireNonEmpty("sparsities", sparsities);
        requireNonEmpty("seeds", seeds);
        List<SweepPoint> out = new ArrayList<>();
        for (String skill : skills) {
            for (String s : sparsities) {
                for (long seed : seeds) {
                    List<String> args = new ArrayList<>(List.of(
                            "localize",
                            "--base",
                            base.toString(),
                            "--finetuned",
                            finetuned.toString(),
                            "--skill",
                            skill,
                            "--sparsity",
                            s,
                            "--seed",
                            Long.toString(seed)));
                    args.addAll(extra);
                    out.add(new SweepPoint(
                            safe("localize-" + skill + "-sparsity-" + s + "-seed-" + seed),
                            String.format(Locale.ROOT, "localize %s, sparsity %s, seed %d", skill, s, seed),
                            args));
                }
            }
        }
        return out;
    }

    /**
     * {@code skillscope unlearn METHOD --model M --forget F --retain R [--p p] EXTRA} for every forget set,
     * method and p; {@code ksd} takes no p, so it gives one point per forget set.
     *
     * @param extra further unlearn options, the same for every point ({@code --test 40})
     */
    public static List<SweepPoint> unlearn(
            Path model,
            List<String> forgets,
            String retain,
            List<String> methods,
            List<String> percents,
            List<String> extra) {
        requireNonEmpty("forget sets", forgets);
        requireNonEmpty("methods", methods);
        requireNonEmpty("p", percents);
        List<SweepPoint> out = new ArrayList<>();
        for (String forget : forgets) {
            for (String method : methods) {
                List<String> ps = method.equals("ksd") ? List.of("-") : percents;
                for (String p : ps) {
                    List<String> args = new ArrayList<>(List.of(
                            "unlearn", method, "--model", model.toString(), "--forget", forget, "--retain", retain));
                    if (!p.equals("-")) {
                        args.addAll(List.of("--p", p));
                    }
                    args.addAll(extra);
                    String name = "unlearn-" + forget + "-" + method + (p.equals("-") ? "" : "-p-" + p);
                    out.add(new SweepPoint(
                            safe(name),
                            "unlearn " + method + ", forget " + forget + (p.equals("-") ? "" : ", p " + p + "%"),
                            args));
                }
            }
        }
        return out;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._+-]", "_");
    }

    private static void requireNonEmpty(String what, List<?> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one of " + what);
        }
    }
}
