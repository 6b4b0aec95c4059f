package io.skillscope.cli;

import ai.djl.Device;
import io.skillscope.bench.BenchReport;
import io.skillscope.bench.BenchSettings;
import io.skillscope.bench.ForwardBenchmark;
import io.skillscope.core.model.Transformer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skillscope bench}: forward throughput of a GPT-2-small-shaped model with random weights, its
 * FLOP/s as a ratio of the matmul rate measured in the same run, and the cost of streaming every
 * {@code blocks.*.mlp.hook_post} into per-neuron statistics (see {@link ForwardBenchmark}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark the forward pass of a GPT-2-small-shaped model with random weights (12 layers,",
      "d_model 768, vocab 50257, batch 8 x 128 tokens) and print ratios: forward FLOP/s over the fp32",
      "matmul rate measured in the same run, and hooked over plain forward time."
    })
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--quick", description = "2 layers and batch 2: runs in seconds (a smoke test).")
  boolean quick;

  @Option(names = "--device", paramLabel = "NAME",
      description = "cpu, gpu or gpu(N); default: the first GPU DJL finds, else the CPU.")
  String device;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Device d = device == null ? Transformer.defaultDevice() : Device.fromName(device);
    BenchSettings settings = quick ? BenchSettings.quick(d) : BenchSettings.full(d);
    PrintWriter out = spec.commandLine().getOut();
    BenchReport report = ForwardBenchmark.run(settings);
    out.print(report.table());
    out.flush();
    return 0;
  }
}
