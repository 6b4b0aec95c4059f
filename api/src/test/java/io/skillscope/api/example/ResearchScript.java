package io.skillscope.api.example;

// java-example:start
import io.skillscope.analysis.overlap.OverlapMatrix;
import io.skillscope.analysis.overlap.ParameterMask;
import io.skillscope.api.*;
import io.skillscope.core.Progress;
import io.skillscope.datasets.CharTokenizer;
import io.skillscope.datasets.SplitSizes;
import io.skillscope.grafting.MergeConfig;
import io.skillscope.grafting.MergeSpec;
import io.skillscope.lab.Recipe;
import io.skillscope.lab.SkillLab;
import io.skillscope.localization.*;
import io.skillscope.reports.Report;
import io.skillscope.reports.sections.OverlapMatrixSection;
import io.skillscope.reports.sections.UnlearningSection;
import io.skillscope.unlearning.*;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Load, capture, unlearn, fine-tune, localize, merge and report, on the shipped skill-lab model. */
public final class ResearchScript {
    public static void main(String[] args) {
        Path base = Skillscope.find(Skillscope.SKILL_LAB_BASE);
        Path out = Path.of(args.length > 0 ? args[0] : "out/research");

        // 1. Load a Hugging Face folder, generate, and capture MLP activations by TransformerLens hook name.
        UnlearningReport na;
        try (Model model = Skillscope.load(base)) {
            System.out.println("rev(abc)= " + model.generate("rev(abc)=").text());
            CacheRun run = model.runWithCache("rev(abc)=", "blocks.*.mlp.hook_pre");
            System.out.println(run.stats());

            // 2. Unlearn arithmetic with Neuron Adjust (3% of MLP neurons), keeping rev and sort.
            UnlearningData data =
                    UnlearningData.parse("add+sub+mul", "rev,sort", Skillscope.skills(), new SplitSizes(64, 32, 32), 0);
            na = Unlearning.run(
                    model.transformer(),
                    model.codec(),
                    data,
                    NeuronAdjust.Settings.defaults().withPercent(3));
            System.out.println(na.table());
        }

        // 3. Fine-tune two held-out skills, then 4. localize each in 1% of the weights (a learned mask).
        Map<String, Path> finetuned = new LinkedHashMap<>();
        Map<String, LocalizationResult> masks = new LinkedHashMap<>();
        for (String skill : List.of("upc", "evn")) {
            Recipe recipe = Recipe.fromJson("""
                    {"stage": "SFT", "init": "%s", "skills": ["%s"], "sizes": {"train": 256, "dev": 32, "test": 64},
                     "dataSeed": 3, "seed": 1, "steps": 24, "batchSize": 16,
                     "optim": {"optimizer": "SGD", "lr": 0.02, "momentum": 0.9, "weightDecay": 0, "clipNorm": 1.0,
                               "schedule": "CONSTANT", "warmup": 0, "minLrRatio": 1.0, "l1Lambda": 0}}
                    """.formatted(base, skill));
            Path ft = SkillLab.train(recipe, out.resolve("ft-" + skill), Progress.silent(recipe.steps()))
                    .folder();
            finetuned.put(skill, ft);
            TaskData task = TaskData.of(Skillscope.dataset(skill, 128, 32, 64, 5), CharTokenizer.standard());
            LocalizationSettings settings = LocalizationSettings.of(1e-2)
                    .withSteps(3)
                    .withLearningRate(1e6)
                    .withBatches(32, 1)
                    .withScoreLimit(32)
                    .withProgress(false);
            try (Localizer.Session session = Localizer.open(base, ft, task, settings)) {
                LocalizationResult r = session.localize(settings);
                r.save(out.resolve("mask-" + skill));
                masks.put(skill, r);
                System.out.println(r);
            }
        }

        // 5. Merge: TIES of the two fine-tunes, and a masked graft of upc's localized weights onto the base.
        try (Model ties = Skillscope.merge(
                        new MergeSpec.Merge(base, List.copyOf(finetuned.values()), MergeConfig.ties(0.2, 1.0)),
                        out.resolve("merged-ties"));
                Model graft = Skillscope.merge(
                        new MergeSpec.MaskedGraft(base, finetuned.get("upc"), out.resolve("mask-upc")),
                        out.resolve("graft-upc"))) {
            for (String skill : finetuned.keySet()) {
                System.out.printf(
                        "%s: TIES %.2f, upc graft %.2f%n",
                        skill,
                        ties.evaluate(skill, 32, 7).accuracy(),
                        graft.evaluate(skill, 32, 7).accuracy());
            }
        }

        // 6. How much the two skills' regions share, and one HTML report of it all.
        Map<String, ParameterMask> regions = new LinkedHashMap<>();
        masks.forEach((skill, r) -> regions.put(skill, Weights.mask(r.mask())));
        OverlapMatrix overlap = OverlapMatrix.ofMasks(regions);
        System.out.println(Results.table(overlap));
        Path report = Report.builder("skill-lab research script")
                .section(new UnlearningSection(), Results.unlearning("arithmetic", Map.of("NA 3%", na)))
                .section(new OverlapMatrixSection(), overlap)
                .build()
                .writeTo(out.resolve("report.html"));
        System.out.println(report);
    }
}
// java-example:end
