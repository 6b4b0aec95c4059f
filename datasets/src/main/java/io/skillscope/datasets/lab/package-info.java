/**
 * The skill lab's training pipeline: the models every method of the library can run on with nothing
 * downloaded.
 *
 * <p>A {@link io.skillscope.datasets.lab.Recipe} holds every setting of a run (stage, architecture,
 * skills, split sizes, seeds, optimizer, trainable parameters, GRPO settings) and is saved as
 * {@code recipe.json}; {@link io.skillscope.datasets.lab.SkillLab} runs it — base pre-training on the
 * seen atomic skills, supervised fine-tuning (SGD or AdamW, optional L1 pull, any parameter subset)
 * and GRPO on the exact-match reward — and writes a Hugging Face folder;
 * {@link io.skillscope.datasets.lab.Evaluation} scores a model per skill by batched greedy decoding;
 * {@link io.skillscope.datasets.lab.SkillLabMain} is a small command line over both. The shipped base
 * model lives in {@code models/skill-lab-base} with its recipe and {@code EVAL.md}.
 */
package io.skillscope.datasets.lab;
