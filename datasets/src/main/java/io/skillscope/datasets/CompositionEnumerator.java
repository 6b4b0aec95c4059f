package io.skillscope.datasets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Enumerates the chains of a given depth over a set of functions and drops behavioural duplicates,
 * judged on a fixed set of probe inputs.
 */
final class CompositionEnumerator {

    /** Probes per input style; with both styles and two edge strings, 202 probes in all. */
    private static final int PROBES_PER_STYLE = 100;

    private static final long PROBE_SEED = 0x5EED_C0DEL;
    /** Bound on the number of chains evaluated, so that a careless depth cannot hang a notebook. */
    static final long MAX_CHAINS = 2_000_000L;

    private CompositionEnumerator() {}

    /** The probe inputs: both input styles, plus the shortest and longest all-first-letter strings. */
    static List<String> probes(StringSpace inputs) {
        SplittableRandom rng = new SplittableRandom(PROBE_SEED);
        List<String> probes = new ArrayList<>();
        for (InputStyle style : InputStyle.values()) {
            for (int i = 0; i < PROBES_PER_STYLE; i++) {
                probes.add(style.sample(inputs, rng));
            }
        }
        String first = String.valueOf(inputs.alphabet().charAt(0));
        probes.add(first.repeat(inputs.minLength()));
        probes.add(first.repeat(inputs.maxLength()));
        return probes;
    }

    /**
     * The chains of exactly {@code depth} functions, in lexicographic order of {@code functions}
     * (outermost most significant), keeping a chain only when its outputs on the probes differ from
     * the identity, from every chain of smaller depth, and from every earlier chain of this depth.
     */
    static List<Composition> enumerate(List<StringFunction> functions, int depth, StringSpace inputs) {
        long chains = 0;
        long level = 1;
        for (int d = 1; d <= depth; d++) {
            level = StringSpace.saturatingMultiply(level, functions.size());
            chains = chains > Long.MAX_VALUE - level ? Long.MAX_VALUE : chains + level;
        }
        if (chains > MAX_CHAINS) {
            throw new IllegalArgumentException("compositions of depth " + depth + " over " + functions.size()
                    + " functions would evaluate " + chains + " chains, more than " + MAX_CHAINS
                    + "; pass fewer functions or a smaller depth");
        }
        List<String> probes = probes(inputs);
        Set<Signature> signatures = new HashSet<>();
        signatures.add(Signature.of(probes.toArray(new String[0])));
        // Level d holds every chain of depth d (kept or not) with its outputs on the probes.
        List<List<StringFunction>> chainsAtLevel = List.of(List.of());
        List<String[]> outputsAtLevel = new ArrayList<>();
        outputsAtLevel.add(probes.toArray(new String[0]));
        List<Composition> kept = new ArrayList<>();
        for (int d = 1; d <= depth; d++) {
            List<List<StringFunction>> nextChains = new ArrayList<>();
            List<String[]> nextOutputs = new ArrayList<>();
            for (StringFunction outer : functions) {
                for (int c = 0; c < chainsAtLevel.size(); c++) {
                    String[] inner = outputsAtLevel.get(c);
                    String[] out = new String[inner.length];
                    for (int p = 0; p < inner.length; p++) {
                        out[p] = outer.apply(inner[p]);
                    }
                    List<StringFunction> chain = new ArrayList<>(d);
                    chain.add(outer);
                    chain.addAll(chainsAtLevel.get(c));
                    boolean fresh = signatures.add(Signature.of(out));
                    if (d == depth && fresh) {
                        kept.add(new Composition(chain, inputs));
                    }
                    if (d < depth) {
                        nextChains.add(chain);
                        nextOutputs.add(out);
                    }
                }
            }
            chainsAtLevel = nextChains;
            outputsAtLevel = nextOutputs;
        }
        return kept;
    }

    /** Two independent 64-bit polynomial hashes of the outputs: far cheaper to hold than the outputs. */
    private record Signature(long h1, long h2) {
        static Signature of(String[] outputs) {
            long h1 = 0x9E3779B97F4A7C15L;
            long h2 = 0xC2B2AE3D27D4EB4FL;
            for (String s : outputs) {
                for (int i = 0; i < s.length(); i++) {
                    h1 = h1 * 1_000_003L + s.charAt(i);
                    h2 = (h2 ^ s.charAt(i)) * 0x100000001B3L;
                }
                h1 = h1 * 1_000_003L + 0x10000;
                h2 = (h2 ^ 0x10000) * 0x100000001B3L;
            }
            return new Signature(h1, h2);
        }
    }
}
