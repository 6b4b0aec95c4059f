/**
 * The end-to-end demo on the shipped skill lab, as a library: {@link io.skillscope.demo.Demo#run} probes
 * two skills, unlearns one, fine-tunes and localizes a held-out skill, and compares SFT and RL updates on
 * compositions; each step writes an artifact folder ({@code result.json} with a {@code kind}, settings,
 * input hashes and {@link io.skillscope.core.Provenance#environment()}, plus its tensors and models) and
 * a {@code report.html}, and an {@code index.html} links them.
 *
 * <pre>{@code
 * DemoResult r = Demo.run(DemoScale.CI.settings(0), Path.of("models/skill-lab-base"), Path.of("out/demo"),
 *         false, System.err);
 * Path index = r.index(); // out/demo/index.html, linking every step's report.html
 * }</pre>
 *
 * <p>{@link io.skillscope.demo.ArtifactReports} turns any such folders back into one HTML report (the
 * {@code skillscope report} command), dispatching on the {@code kind} field.
 */
package io.skillscope.demo;
