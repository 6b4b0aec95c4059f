package io.skillscope.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.skillscope.core.Json;
import io.skillscope.core.model.Transformer;
import io.skillscope.probes.TokenCodec;
import io.skillscope.unlearning.KeySpaceDetector;
import io.skillscope.unlearning.KeySpaceStats;
import io.skillscope.unlearning.KeyTracePass;
import io.skillscope.unlearning.KsdCalibration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Part (b) of {@link KsdKeysStudy}: the key norms ‖k‖ = (Σ_i k_i²)^½ that the paper's box sees during plain
 * greedy generation of the dev queries, at the prompt's last token and at every decode step
 * ({@link KeyTracePass}), per set; and whether the box takes in retained keys by their norm: Spearman's ρ
 * between ‖k‖ and the score max_i |k_i − μ_i|/σ_i/k_max, and the norms of the keys inside and outside the box
 * at several h.
 */
final class KsdKeyNorms {
    private KsdKeyNorms() {}

    /**
     * Prints the tables and returns them as JSON.
     *
     * @param paper the paper's box (key, fitted on prompts)
     * @param paperCal its calibration on dev
     * @param sets the dev prompts by set, forget first
     * @param all the same prompts in one list, in that order
     * @param nForget how many of them are forget prompts
     */
    static JsonObject run(
            Transformer model,
            TokenCodec codec,
            KeySpaceDetector paper,
            KsdCalibration paperCal,
            Map<String, List<String>> sets,
            List<String> all,
            int nForget,
            int maxNewTokens,
            int batch) {
        long tn = System.nanoTime();
        List<KeyTracePass.Trace> traces = KeyTracePass.run(model, codec, paper.cube(), all, maxNewTokens, batch);
        System.out.printf(
                Locale.ROOT,
                "%n(b) key norms ‖k‖ at %s on dev (%.0f s): prompt's last token vs decode steps; ‖μ_f‖ = %.3f;"
                        + " 'in box' = decode-step keys with score <= the calibrated h %.3f%n",
                paper.hook(),
                KsdKeysStudy.secs(tn),
                KsdKeysStudy.norm(paper.mu()),
                paperCal.h());
        System.out.printf(
                Locale.ROOT,
                "%-11s %28s %28s %8s %22s %22s%n",
                "set",
                "prompt ‖k‖ q10/median/q90",
                "decode ‖k‖ q10/median/q90",
                "decode n",
                "in box: n, median ‖k‖",
                "prompt score median");
        JsonObject normsJson = new JsonObject();
        int from = 0;
        for (Map.Entry<String, List<String>> e : sets.entrySet()) {
            List<KeyTracePass.Trace> tr =
                    traces.subList(from, from + e.getValue().size());
            from += e.getValue().size();
            double[] pn =
                    tr.stream().mapToDouble(KeyTracePass.Trace::promptNorm).toArray();
            double[] ps =
                    tr.stream().mapToDouble(KeyTracePass.Trace::promptScore).toArray();
            double[] dn = tr.stream()
                    .flatMapToDouble(t -> Arrays.stream(t.decodeNorms()))
                    .toArray();
            List<Double> inBox = new ArrayList<>();
            List<Double> decodeScores = new ArrayList<>();
            for (KeyTracePass.Trace t : tr) {
                for (int i = 0; i < t.decodeScores().length; i++) {
                    decodeScores.add(t.decodeScores()[i]);
                    if (t.decodeScores()[i] <= paperCal.h()) {
                        inBox.add(t.decodeNorms()[i]);
                    }
                }
            }
            double[] in = inBox.stream().mapToDouble(Double::doubleValue).toArray();
            KeySpaceStats.Distribution pd = KeySpaceStats.Distribution.of(pn);
            KeySpaceStats.Distribution dd = KeySpaceStats.Distribution.of(dn);
            KeySpaceStats.Distribution id = KeySpaceStats.Distribution.of(in);
            KeySpaceStats.Distribution psd = KeySpaceStats.Distribution.of(ps);
            KeySpaceStats.Distribution dsd = KeySpaceStats.Distribution.of(
                    decodeScores.stream().mapToDouble(Double::doubleValue).toArray());
            System.out.printf(
                    Locale.ROOT,
                    "%-11s %8.3f/%8.3f/%8.3f   %8.3f/%8.3f/%8.3f   %8d %8d, %10.3f %14.3f (decode %.3f)%n",
                    e.getKey(),
                    pd.q10(),
                    pd.median(),
                    pd.q90(),
                    dd.q10(),
                    dd.median(),
                    dd.q90(),
                    dn.length,
                    in.length,
                    id.median(),
                    psd.median(),
                    dsd.median());
            JsonObject n = new JsonObject();
            n.add("prompt_norm", Json.GSON.toJsonTree(pd));
            n.add("decode_norm", Json.GSON.toJsonTree(dd));
            n.add("decode_in_box_norm", Json.GSON.toJsonTree(id));
            n.add("prompt_score", Json.GSON.toJsonTree(psd));
            n.add("decode_score", Json.GSON.toJsonTree(dsd));
            normsJson.add(e.getKey(), n);
        }
        JsonObject nj = new JsonObject();
        nj.addProperty("hook", paper.hook());
        nj.add("norm_mu_forget", Json.num(KsdKeysStudy.norm(paper.mu())));
        nj.add("calibrated_h", Json.num(paperCal.h()));
        nj.add("by_set", normsJson);
        nj.add("norm_vs_score", normVsScore(traces, nForget, paperCal.h()));
        return nj;
    }

    /**
     * Does the paper's box take in the small keys? Retain decode-step keys and forget prompt keys: Spearman's ρ
     * between ‖k‖ and the score, and at several h the number of retain decode-step keys inside the box with
     * their median norm beside the median norm of those outside.
     */
    private static JsonObject normVsScore(List<KeyTracePass.Trace> traces, int nForget, double calibratedH) {
        List<double[]> retainDecode = new ArrayList<>(); // {norm, score}
        List<double[]> forgetPrompt = new ArrayList<>();
        for (int i = 0; i < traces.size(); i++) {
            KeyTracePass.Trace t = traces.get(i);
            if (i < nForget) {
                forgetPrompt.add(new double[] {t.promptNorm(), t.promptScore()});
            } else {
                for (int j = 0; j < t.decodeNorms().length; j++) {
                    retainDecode.add(new double[] {t.decodeNorms()[j], t.decodeScores()[j]});
                }
            }
        }
        JsonObject o = new JsonObject();
        double rhoR = spearman(retainDecode);
        double rhoF = spearman(forgetPrompt);
        o.add("spearman_norm_score_retain_decode", Json.num(rhoR));
        o.add("spearman_norm_score_forget_prompt", Json.num(rhoF));
        System.out.printf(
                Locale.ROOT,
                "%nnorm vs score: Spearman ρ(‖k‖, score) %.3f over %d retain decode-step keys, %.3f over %d forget prompt"
                        + " keys%n%8s %10s %22s %22s %24s%n",
                rhoR,
                retainDecode.size(),
                rhoF,
                forgetPrompt.size(),
                "h",
                "retain in",
                "median ‖k‖ in box",
                "median ‖k‖ outside",
                "forget prompts in box");
        JsonArray rows = new JsonArray();
        for (double h : new double[] {calibratedH, 0.25, 0.35, 0.5}) {
            double[] in = retainDecode.stream()
                    .filter(a -> a[1] <= h)
                    .mapToDouble(a -> a[0])
                    .toArray();
            double[] outside = retainDecode.stream()
                    .filter(a -> a[1] > h)
                    .mapToDouble(a -> a[0])
                    .toArray();
            double[] fIn = forgetPrompt.stream()
                    .filter(a -> a[1] <= h)
                    .mapToDouble(a -> a[0])
                    .toArray();
            double mIn = KeySpaceStats.Distribution.of(in).median();
            double mOut = KeySpaceStats.Distribution.of(outside).median();
            double mF = KeySpaceStats.Distribution.of(fIn).median();
            System.out.printf(
                    Locale.ROOT,
                    "%8.3f %10d %22.3f %22.3f %10d (median ‖k‖ %.3f)%n",
                    h,
                    in.length,
                    mIn,
                    mOut,
                    fIn.length,
                    mF);
            JsonObject r = new JsonObject();
            r.add("h", Json.num(h));
            r.addProperty(
                    "h_source", h == calibratedH ? "calibrated on dev (dev-selected)" : "fixed grid (not selected)");
            r.addProperty("retain_decode_keys_in_box", in.length);
            r.add("median_norm_in_box", Json.num(mIn));
            r.add("median_norm_outside", Json.num(mOut));
            r.addProperty("forget_prompt_keys_in_box", fIn.length);
            r.add("median_norm_forget_prompt_in_box", Json.num(mF));
            rows.add(r);
        }
        o.add("by_h", rows);
        return o;
    }

    /** Spearman's rank correlation of the pairs {x, y} (average ranks for ties). */
    static double spearman(List<double[]> pairs) {
        int n = pairs.size();
        if (n < 2) {
            return Double.NaN;
        }
        double[] rx = ranks(pairs.stream().mapToDouble(a -> a[0]).toArray());
        double[] ry = ranks(pairs.stream().mapToDouble(a -> a[1]).toArray());
        double mx = Arrays.stream(rx).average().orElseThrow();
        double my = Arrays.stream(ry).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(double[] v) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[idx[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }
}
