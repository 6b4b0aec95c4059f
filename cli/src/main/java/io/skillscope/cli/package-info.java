/**
 * The {@code skillscope} command: one small class per subcommand on top of picocli.
 *
 * <p>{@link io.skillscope.cli.Main} wires them together and turns failures into one line on stderr:
 * exit code 2 for usage errors (bad options, unknown hook names), 1 for runtime errors (a missing
 * model folder, a malformed checkpoint), with a stack trace only under {@code --debug}.
 *
 * <p>The pipeline commands wire the library's modules: {@code train} and {@code eval} over the skill lab
 * ({@code io.skillscope.lab}), {@code probe} over {@code io.skillscope.probes}, {@code unlearn} over
 * {@code io.skillscope.unlearning} and {@code localize} over {@code io.skillscope.localization}. Each checks
 * its inputs before loading a model (unknown skills are listed with the valid names), refuses an output
 * folder that is one of its inputs or inside one, and one that already holds a result unless given
 * {@code --force} ({@link io.skillscope.cli.OutputFolder}); files are written by the modules' atomic
 * writers (temp file + rename). Results go to stdout, progress to stderr.
 */
package io.skillscope.cli;
