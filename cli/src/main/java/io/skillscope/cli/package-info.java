/**
 * The {@code skillscope} command: one small class per subcommand on top of picocli.
 *
 * <p>{@link io.skillscope.cli.Main} wires them together and turns failures into one line on stderr:
 * exit code 2 for usage errors (bad options, unknown hook names), 1 for runtime errors (a missing
 * model folder, a malformed checkpoint), with a stack trace only under {@code --debug}.
 */
package io.skillscope.cli;
