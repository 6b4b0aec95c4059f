package io.skillscope.demo;

import io.skillscope.datasets.SplitSizes;
import io.skillscope.localization.MaskMethod;
import java.util.List;
import java.util.Objects;

/**
 * Every setting of one demo run, one record per step; {@link DemoScale#settings} gives the two shipped
 * sizes. Written into {@code demo.json} and into each step's {@code result.json}.
 *
 * @param scale the scale these settings came from (a label; the records hold the numbers)
 * @param seed seeds every data draw, training run and mask of the demo
 * @param probe step 1: probe statistics of two skills
 * @param unlearn step 2: Neuron Adjust and Key Space Detection on one forget set
 * @param localize step 3: SGD fine-tuning on a held-out skill and a grafting-mask sparsity sweep
 * @param sftVsRl step 4: SFT, GRPO and a control SFT on compositions, and the orthogonality of their updates
 */
public record DemoSettings(
        DemoScale scale, long seed, Probing probe, Unlearn unlearn, Localize localize, SftVsRl sftVsRl) {

    /** Validates that every part is present. */
    public DemoSettings {
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(unlearn, "unlearn");
        Objects.requireNonNull(localize, "localize");
        Objects.requireNonNull(sftVsRl, "sftVsRl");
    }

    /**
     * Probe statistics of two skills' prompts and answers at every position.
     *
     * @param skillA the first skill (e.g. {@code rev})
     * @param skillB the second skill (e.g. {@code add})
     * @param hooks hook points, {@code blocks.*.} for every layer
     * @param examples examples of each skill
     * @param batchSize rows per forward pass
     * @param topNeurons neurons listed by |μ_A − μ_B|
     */
    public record Probing(String skillA, String skillB, String hooks, int examples, int batchSize, int topNeurons) {
        /** Validates the values, naming the field. */
        public Probing {
            require(
                    skillA != null && skillB != null && !skillA.equals(skillB),
                    "probe.skillA/skillB",
                    skillA + "/" + skillB + " (two different skills)");
            require(hooks != null && !hooks.isBlank(), "probe.hooks", hooks);
            require(examples >= 1, "probe.examples", examples);
            require(batchSize >= 1, "probe.batchSize", batchSize);
            require(topNeurons >= 1, "probe.topNeurons", topNeurons);
        }
    }

    /**
     * Unlearning one set while keeping others: Neuron Adjust at {@code naPercent} and Key Space
     * Detection at the last layer checking the prompt only (docs/methods.md §2).
     *
     * @param forgetName name of the forget set in reports
     * @param forget skills pooled into the forget set
     * @param retain skills kept, one retain set each
     * @param sizes examples per skill: train fits the methods, dev calibrates KSD's h, test measures
     * @param naPercent share of feed-forward neurons Neuron Adjust changes, in percent
     * @param batchSize rows per probe pass and prompts per generation batch
     */
    public record Unlearn(
            String forgetName,
            List<String> forget,
            List<String> retain,
            SplitSizes sizes,
            double naPercent,
            int batchSize) {
        /** Validates the values, naming the field. */
        public Unlearn {
            require(forgetName != null && !forgetName.isBlank(), "unlearn.forgetName", forgetName);
            forget = List.copyOf(forget);
            retain = List.copyOf(retain);
            require(!forget.isEmpty(), "unlearn.forget", forget);
            require(
                    !retain.isEmpty() && retain.stream().noneMatch(forget::contains),
                    "unlearn.retain",
                    retain + " (non-empty, disjoint from forget " + forget + ")");
            require(
                    sizes != null && sizes.train() >= 1 && sizes.dev() >= 1 && sizes.test() >= 1,
                    "unlearn.sizes",
                    sizes + " (every split >= 1)");
            require(naPercent > 0 && naPercent <= 100, "unlearn.naPercent", naPercent);
            require(batchSize >= 1, "unlearn.batchSize", batchSize);
        }
    }

    /**
     * Fine-tuning θ_pre on a held-out skill with SGD, then learning masks (grafting or Localize-and-Stitch)
     * at several sparsities (docs/methods.md §1).
     *
     * @param skill the held-out skill
     * @param sizes train (fine-tuning and mask learning), dev (mask step choice) and test items
     * @param ftSteps SGD steps
     * @param ftBatch sequences per SGD step
     * @param ftLr SGD learning rate (weight decay 1e-4, off for norms)
     * @param momentum SGD momentum
     * @param sparsities target sparsities of the sweep, each in (0, 1]
     * @param maskSteps optimization steps per mask
     * @param maskBatch examples per mask batch
     * @param maskAccumulation batches per mask step
     * @param maskLr η of the mask logits
     * @param scoreLimit train + dev items scoring each step's mask (0 = all)
     * @param recoverShare the recovered-accuracy bar whose sparsest mask is saved and shown (e.g. 0.95)
     * @param blocksOnly fine-tune only the transformer blocks (the mask's search region), not the
     *     embeddings and head
     * @param method how the mask is parametrized (grafting or Localize-and-Stitch)
     * @param maskL1 Localize-and-Stitch: weight of the L1 pull on the mask (ignored by grafting; the shipped
     *     scales use {@code DemoScale.MASK_L1}, chosen on dev)
     */
    public record Localize(
            String skill,
            SplitSizes sizes,
            int ftSteps,
            int ftBatch,
            double ftLr,
            double momentum,
            List<Double> sparsities,
            int maskSteps,
            int maskBatch,
            int maskAccumulation,
            double maskLr,
            int scoreLimit,
            double recoverShare,
            boolean blocksOnly,
            MaskMethod method,
            double maskL1) {
        /** Validates the values, naming the field. */
        public Localize {
            require(skill != null && !skill.isBlank(), "localize.skill", skill);
            require(sizes != null && sizes.train() >= 1 && sizes.test() >= 1, "localize.sizes", sizes);
            require(ftSteps >= 1 && ftBatch >= 1, "localize.ftSteps/ftBatch", ftSteps + "/" + ftBatch);
            require(ftLr > 0 && Double.isFinite(ftLr), "localize.ftLr", ftLr);
            require(momentum >= 0 && momentum < 1, "localize.momentum", momentum);
            sparsities = List.copyOf(sparsities);
            require(
                    !sparsities.isEmpty() && sparsities.stream().allMatch(s -> s > 0 && s <= 1),
                    "localize.sparsities",
                    sparsities + " (each in (0, 1])");
            require(
                    maskSteps >= 0 && maskBatch >= 1 && maskAccumulation >= 1,
                    "localize.maskSteps/maskBatch/" + "maskAccumulation",
                    maskSteps + "/" + maskBatch + "/" + maskAccumulation);
            require(maskLr > 0 && Double.isFinite(maskLr), "localize.maskLr", maskLr);
            require(scoreLimit >= 0, "localize.scoreLimit", scoreLimit);
            require(recoverShare > 0 && recoverShare <= 1, "localize.recoverShare", recoverShare);
            require(method != null, "localize.method", method);
            require(maskL1 >= 0 && Double.isFinite(maskL1), "localize.maskL1", maskL1);
        }
    }

    /**
     * SFT and GRPO on depth-2 compositions, plus an SFT with the next seed as control (docs/methods.md §3, §5).
     * Both SFT runs start from the shipped base; GRPO starts there too or from the first SFT model.
     *
     * @param functions unary string functions whose depth-2 compositions are the task
     * @param maxAnswerLength compositions whose answers can be longer are left out
     * @param sizes examples per composition: train for SFT and RL prompts, test for the accuracy table
     * @param sftSteps AdamW steps of each SFT run
     * @param sftBatch sequences per SFT step
     * @param sftLr SFT learning rate (constant)
     * @param rlRounds GRPO rounds (one optimizer step each)
     * @param rlPrompts prompts per round
     * @param groupSize sampled answers per prompt (G)
     * @param rlLr GRPO learning rate (constant)
     * @param temperature sampling temperature of the groups
     * @param rlStart where GRPO starts: the base, like both SFT runs, or the first SFT model (PaST's protocol,
     *     ΔRL = θ_rl − θ_sft)
     * @param principalAngles also compare the top-8 singular subspaces of every matrix (dense SVDs: about
     *     half a minute for the skill lab on one CPU thread); cosines and support overlaps are always computed
     */
    public record SftVsRl(
            List<String> functions,
            int maxAnswerLength,
            SplitSizes sizes,
            int sftSteps,
            int sftBatch,
            double sftLr,
            int rlRounds,
            int rlPrompts,
            int groupSize,
            double rlLr,
            double temperature,
            RlStart rlStart,
            boolean principalAngles) {
        /** Validates the values, naming the field. */
        public SftVsRl {
            functions = List.copyOf(functions);
            require(!functions.isEmpty(), "sftVsRl.functions", functions);
            require(maxAnswerLength >= 1, "sftVsRl.maxAnswerLength", maxAnswerLength);
            require(sizes != null && sizes.train() >= 1 && sizes.test() >= 1, "sftVsRl.sizes", sizes);
            require(sftSteps >= 1 && sftBatch >= 1, "sftVsRl.sftSteps/sftBatch", sftSteps + "/" + sftBatch);
            require(sftLr > 0 && rlLr > 0, "sftVsRl.sftLr/rlLr", sftLr + "/" + rlLr);
            require(rlRounds >= 1 && rlPrompts >= 1, "sftVsRl.rlRounds/rlPrompts", rlRounds + "/" + rlPrompts);
            require(groupSize >= 2, "sftVsRl.groupSize", groupSize);
            require(temperature > 0, "sftVsRl.temperature", temperature);
            require(rlStart != null, "sftVsRl.rlStart", rlStart);
        }
    }

    /** The model GRPO starts from. */
    public enum RlStart {
        /** The base model, the start of both SFT runs: ΔRL = θ_rl − θ_pre. */
        BASE,
        /** The first SFT model (PaST; docs/methods.md §3): ΔRL = θ_rl − θ_sft. */
        SFT
    }

    private static void require(boolean ok, String field, Object value) {
        if (!ok) {
            throw new DemoException("demo settings: invalid " + field + ": " + value);
        }
    }

    /** {@code DemoSettings[ci, seed 0: probe rev/add, forget arithmetic, localize evn at 2 sparsities, ...]}. */
    @Override
    public String toString() {
        return "DemoSettings[" + scale.label() + ", seed " + seed + ": probe " + probe.skillA() + "/" + probe.skillB()
                + " x" + probe.examples() + ", forget " + unlearn.forgetName() + " (retain "
                + unlearn.retain().size()
                + "), localize " + localize.skill() + " (" + localize.ftSteps() + " SGD steps, "
                + localize.sparsities().size() + " sparsities), SFT " + sftVsRl.sftSteps() + " steps x2 vs GRPO "
                + sftVsRl.rlRounds() + " rounds]";
    }
}
