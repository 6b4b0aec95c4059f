/**
 * The skill lab's training pipeline: the models every method of the library can run on with nothing
 * downloaded.
 *
 * <p>A {@link io.skillscope.lab.Recipe} holds every setting of a run (stage, architecture,
 * skills, split sizes, seeds, optimizer, trainable parameters, GRPO settings) and is saved as
 * {@code recipe.json}; {@link io.skillscope.lab.SkillLab} runs it — base pre-training on the
 * seen atomic skills, supervised fine-tuning (SGD or AdamW, optional L1 pull, any parameter subset)
 * and GRPO on the exact-match reward — and writes a Hugging Face folder;
 * {@link io.skillscope.lab.SkillEvaluation} scores a model per skill by batched greedy decoding
 * (named apart from the notebook facade's {@code io.skillscope.api.Evaluation}, which scores one skill of
 * any model). The command line over both is {@code skillscope train} and {@code skillscope eval}. The
 * shipped base model lives in {@code models/skill-lab-base} with its recipe and {@code EVAL.md}.
 */
package io.skillscope.lab;
