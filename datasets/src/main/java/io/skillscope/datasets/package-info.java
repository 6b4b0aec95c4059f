/**
 * Skills as data: generators, splits, file formats and evaluators for the skill lab.
 *
 * <p>A {@link io.skillscope.datasets.Skill} turns a seeded random generator into
 * {@link io.skillscope.datasets.Example}s (prompt, answer, skill name) and scores a model's
 * generated text as an {@link io.skillscope.datasets.Outcome} (1 correct, 0 wrong, −1 unparseable,
 * the verifiable reward of docs/methods.md §5). The skills are:
 * <ul>
 *   <li>string functions ({@link io.skillscope.datasets.StringFunctions}) and their compositions
 *       f(g(x)) ({@link io.skillscope.datasets.Composition}), prompted as {@code rev(sort(dcab))=};</li>
 *   <li>{@link io.skillscope.datasets.Interlace}, the one binary string skill;</li>
 *   <li>small {@link io.skillscope.datasets.Arithmetic}, prompted as {@code 12+34=}.</li>
 * </ul>
 * {@link io.skillscope.datasets.SkillSuite} names them all and fixes the seen and held-out lists;
 * {@link io.skillscope.datasets.Splits} draws train/dev/test sets that never share an input;
 * {@link io.skillscope.datasets.Jsonl} reads and writes user data sets; and
 * {@link io.skillscope.datasets.CharTokenizer} is the character tokenizer the skill lab is trained
 * with, saved as a Hugging Face {@code tokenizer.json}.
 *
 * <p>Everything here is plain Java: no native engine is loaded.
 */
package io.skillscope.datasets;
