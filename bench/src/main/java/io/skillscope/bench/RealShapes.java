package io.skillscope.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.skillscope.core.checkpoint.AtomicFiles;
import io.skillscope.core.checkpoint.DType;
import io.skillscope.core.checkpoint.HalfFloats;
import io.skillscope.core.checkpoint.SafetensorsWriter;
import io.skillscope.core.config.ModelConfig;
import io.skillscope.core.model.Architectures;
import io.skillscope.core.model.ParamSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Random-weight checkpoints with the published configs of the models researchers study (Qwen2.5-0.5B
 * and 1.5B, Llama-3.2-1B, Pythia-410M and 1.4B, Gemma-2-2B, Phi-3-mini-4k), in Hugging Face layout
 * and tensor names, stored in the published dtype (BF16, F16 or F32). Written tensor by tensor, in
 * chunks, so a 3.8 B model never sits on the heap. For benchmarks and scale checks only: the weights
 * are uniform noise of standard deviation 0.02 (norm gains 1, biases 0), not a trained model.
 *
 * <p>Also writes a WordLevel {@code tokenizer.json} over {@link #TOKENIZER_WORDS} words, fewer than
 * every model's embedding rows, as real tokenizers often are.
 */
public final class RealShapes {
    /** Words in the written tokenizer (ids 0..N-1; 0 is {@code <unk>}, 1 {@code <eos>}). */
    public static final int TOKENIZER_WORDS = 1000;

    private static final int CHUNK = 1 << 20; // elements per written chunk

    /** One tensor of a shape: its Hugging Face name, dimensions, and how it is filled. */
    record Tensor(String name, long[] shape, Fill fill) {
        long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    /** How a tensor is filled. */
    enum Fill {
        NOISE,
        ONES,
        ZEROS;

        /** The fill of a parameter the adapter initialises this way. */
        static Fill of(ParamSpec.Init init) {
            return switch (init) {
                case NORMAL, NORMAL_RESIDUAL -> NOISE;
                case ONES -> ONES;
                case ZEROS -> ZEROS;
            };
        }
    }

    /**
     * One real shape: a name, its {@code config.json} as published and the stored dtype. Its tensors are
     * the ones the family's adapter declares for that config, so they cannot drift from what the loader
     * expects.
     *
     * @param name a short name, e.g. {@code qwen2.5-0.5b}
     * @param hfName the Hugging Face repository it copies
     * @param config the {@code config.json} object
     * @param dtype the stored dtype
     */
    public record Shape(String name, String hfName, JsonObject config, DType dtype) {
        /** The tensors in Hugging Face names, as the family's adapter declares them for this config. */
        public List<Tensor> tensors() {
            ModelConfig c = ModelConfig.fromJson(config, Path.of(name, "config.json"));
            return Architectures.parameters(c).stream()
                    .map(spec -> new Tensor(spec.name(), spec.shape(), Fill.of(spec.init())))
                    .toList();
        }

        /** The model type in config.json ({@code qwen2}, {@code llama}, {@code gpt_neox}, ...). */
        public String modelType() {
            return config.get("model_type").getAsString();
        }

        /** The number of parameters stored. */
        public long parameters() {
            return tensors().stream().mapToLong(Tensor::numel).sum();
        }

        /** The same shape with {@code rope_scaling} removed from its config (for loaders without it). */
        public Shape withoutRopeScaling() {
            JsonObject c = config.deepCopy();
            c.add("rope_scaling", com.google.gson.JsonNull.INSTANCE);
            return new Shape(name + "-norope", hfName, c, dtype);
        }
    }

    private RealShapes() {}

    /** Every shape, smallest families first. */
    public static List<Shape> all() {
        return List.of(
                qwen2("qwen2.5-0.5b", "Qwen/Qwen2.5-0.5B", 896, 4864, 24, 14, 2, 32768, 24),
                qwen2("qwen2.5-1.5b", "Qwen/Qwen2.5-1.5B", 1536, 8960, 28, 12, 2, 131072, 28),
                llama32_1b(),
                pythia("pythia-410m", "EleutherAI/pythia-410m", 1024, 24, 16),
                pythia("pythia-1.4b", "EleutherAI/pythia-1.4b", 2048, 24, 16),
                gemma2_2b(),
                phi3Mini());
    }

    /**
     * Pythia-70M ({@code EleutherAI/pythia-70m}: GPT-NeoX, hidden 512, 6 layers, 8 heads, intermediate 2048,
     * vocabulary 50,304, rotary_pct 0.25, parallel residual, untied {@code embed_out}; 70,426,624
     * parameters). Not in {@link #all()}, which the benchmark measures: it is the real shape small enough
     * for a notebook in CI ({@code notebooks/06-bring-your-own-model}).
     */
    public static Shape pythia70m() {
        return pythia("pythia-70m", "EleutherAI/pythia-70m", 512, 6, 8);
    }

    /** The shape of this name (or of a prefix of it, e.g. {@code qwen2.5-0.5b}). */
    public static Optional<Shape> named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        boolean noRope = n.endsWith("-norope");
        String base = noRope ? n.substring(0, n.length() - "-norope".length()) : n;
        return all().stream()
                .filter(s -> s.name().equals(base))
                .findFirst()
                .map(s -> noRope ? s.withoutRopeScaling() : s);
    }

    static Shape qwen2(
            String name, String hf, int d, int f, int layers, int heads, int kv, int maxPos, int maxWindowLayers) {
        JsonObject c = new JsonObject();
        arch(c, "Qwen2ForCausalLM");
        c.addProperty("model_type", "qwen2");
        c.addProperty("hidden_size", d);
        c.addProperty("intermediate_size", f);
        c.addProperty("num_hidden_layers", layers);
        c.addProperty("num_attention_heads", heads);
        c.addProperty("num_key_value_heads", kv);
        c.addProperty("hidden_act", "silu");
        c.addProperty("max_position_embeddings", maxPos);
        c.addProperty("rms_norm_eps", 1e-6);
        c.addProperty("rope_theta", 1000000.0);
        c.addProperty("sliding_window", maxPos);
        c.addProperty("use_sliding_window", false);
        c.addProperty("max_window_layers", maxWindowLayers);
        c.addProperty("tie_word_embeddings", true);
        c.addProperty("vocab_size", 151936);
        c.addProperty("bos_token_id", 151643);
        c.addProperty("eos_token_id", 151643);
        c.addProperty("attention_dropout", 0.0);
        c.addProperty("initializer_range", 0.02);
        c.addProperty("torch_dtype", "bfloat16");
        c.addProperty("use_cache", true);
        return new Shape(name, hf, c, DType.BF16);
    }

    static Shape llama32_1b() {
        JsonObject c = new JsonObject();
        arch(c, "LlamaForCausalLM");
        c.addProperty("model_type", "llama");
        c.addProperty("hidden_size", 2048);
        c.addProperty("intermediate_size", 8192);
        c.addProperty("num_hidden_layers", 16);
        c.addProperty("num_attention_heads", 32);
        c.addProperty("num_key_value_heads", 8);
        c.addProperty("head_dim", 64);
        c.addProperty("hidden_act", "silu");
        c.addProperty("max_position_embeddings", 131072);
        c.addProperty("rms_norm_eps", 1e-5);
        c.addProperty("rope_theta", 500000.0);
        JsonObject rs = new JsonObject();
        rs.addProperty("factor", 32.0);
        rs.addProperty("high_freq_factor", 4.0);
        rs.addProperty("low_freq_factor", 1.0);
        rs.addProperty("original_max_position_embeddings", 8192);
        rs.addProperty("rope_type", "llama3");
        c.add("rope_scaling", rs);
        c.addProperty("attention_bias", false);
        c.addProperty("mlp_bias", false);
        c.addProperty("tie_word_embeddings", true);
        c.addProperty("vocab_size", 128256);
        c.addProperty("bos_token_id", 128000);
        c.addProperty("eos_token_id", 128001);
        c.addProperty("initializer_range", 0.02);
        c.addProperty("torch_dtype", "bfloat16");
        return new Shape("llama-3.2-1b", "meta-llama/Llama-3.2-1B", c, DType.BF16);
    }

    static Shape pythia(String name, String hf, int d, int layers, int heads) {
        JsonObject c = new JsonObject();
        arch(c, "GPTNeoXForCausalLM");
        c.addProperty("model_type", "gpt_neox");
        c.addProperty("hidden_size", d);
        c.addProperty("intermediate_size", 4 * d);
        c.addProperty("num_hidden_layers", layers);
        c.addProperty("num_attention_heads", heads);
        c.addProperty("hidden_act", "gelu");
        c.addProperty("max_position_embeddings", 2048);
        c.addProperty("layer_norm_eps", 1e-5);
        c.addProperty("rotary_pct", 0.25);
        c.addProperty("rotary_emb_base", 10000);
        c.addProperty("use_parallel_residual", true);
        c.addProperty("tie_word_embeddings", false);
        c.addProperty("vocab_size", 50304);
        c.addProperty("bos_token_id", 0);
        c.addProperty("eos_token_id", 0);
        c.addProperty("initializer_range", 0.02);
        c.addProperty("torch_dtype", "float16");
        return new Shape(name, hf, c, DType.F16);
    }

    static Shape gemma2_2b() {
        int d = 2304;
        int f = 9216;
        int layers = 26;
        int heads = 8;
        int kv = 4;
        int hd = 256;
        int v = 256000;
        JsonObject c = new JsonObject();
        arch(c, "Gemma2ForCausalLM");
        c.addProperty("model_type", "gemma2");
        c.addProperty("hidden_size", d);
        c.addProperty("intermediate_size", f);
        c.addProperty("num_hidden_layers", layers);
        c.addProperty("num_attention_heads", heads);
        c.addProperty("num_key_value_heads", kv);
        c.addProperty("head_dim", hd);
        c.addProperty("hidden_act", "gelu_pytorch_tanh");
        c.addProperty("hidden_activation", "gelu_pytorch_tanh");
        c.addProperty("max_position_embeddings", 8192);
        c.addProperty("rms_norm_eps", 1e-6);
        c.addProperty("rope_theta", 10000.0);
        c.addProperty("query_pre_attn_scalar", 256);
        c.addProperty("sliding_window", 4096);
        c.addProperty("attn_logit_softcapping", 50.0);
        c.addProperty("final_logit_softcapping", 30.0);
        c.addProperty("attention_bias", false);
        c.addProperty("tie_word_embeddings", true);
        c.addProperty("vocab_size", v);
        c.addProperty("bos_token_id", 2);
        c.addProperty("eos_token_id", 1);
        c.addProperty("pad_token_id", 0);
        c.addProperty("initializer_range", 0.02);
        c.addProperty("torch_dtype", "float32");
        return new Shape("gemma-2-2b", "google/gemma-2-2b", c, DType.F32);
    }

    static Shape phi3Mini() {
        int d = 3072;
        int f = 8192;
        int layers = 32;
        int heads = 32;
        int v = 32064;
        JsonObject c = new JsonObject();
        arch(c, "Phi3ForCausalLM");
        c.addProperty("model_type", "phi3");
        c.addProperty("hidden_size", d);
        c.addProperty("intermediate_size", f);
        c.addProperty("num_hidden_layers", layers);
        c.addProperty("num_attention_heads", heads);
        c.addProperty("num_key_value_heads", heads);
        c.addProperty("hidden_act", "silu");
        c.addProperty("max_position_embeddings", 4096);
        c.addProperty("original_max_position_embeddings", 4096);
        c.addProperty("rms_norm_eps", 1e-5);
        c.addProperty("rope_theta", 10000.0);
        c.add("rope_scaling", com.google.gson.JsonNull.INSTANCE);
        c.addProperty("sliding_window", 2047);
        c.addProperty("tie_word_embeddings", false);
        c.addProperty("vocab_size", v);
        c.addProperty("bos_token_id", 1);
        c.addProperty("eos_token_id", 32000);
        c.addProperty("pad_token_id", 32000);
        c.addProperty("initializer_range", 0.02);
        c.addProperty("torch_dtype", "bfloat16");
        return new Shape("phi-3-mini", "microsoft/Phi-3-mini-4k-instruct", c, DType.BF16);
    }

    private static void arch(JsonObject c, String hfClass) {
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        a.add(hfClass);
        c.add("architectures", a);
    }

    /**
     * Writes a shape as a Hugging Face folder: {@code config.json}, {@code model.safetensors} (tensor by
     * tensor, in 1 M-element chunks), {@code generation_config.json} and a WordLevel
     * {@code tokenizer.json}.
     *
     * @param shape the shape
     * @param folder the target folder (created)
     * @param seed the noise seed
     */
    public static void write(Shape shape, Path folder, long seed) {
        writePerturbed(shape, folder, seed, name -> false);
    }

    /**
     * As {@link #write}, with the tensors {@code perturbed} selects moved by a further uniform noise of std
     * 0.002: the same weights elsewhere, a stand-in for a fine-tune of those tensors (for localize).
     *
     * @param shape the shape
     * @param folder the target folder (created)
     * @param seed the noise seed (the same as the base checkpoint's)
     * @param perturbed which tensor names to move
     */
    public static void writePerturbed(
            Shape shape, Path folder, long seed, java.util.function.Predicate<String> perturbed) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        SafetensorsWriter.Builder b = SafetensorsWriter.builder(folder.resolve("model.safetensors"))
                .optMetadata("format", "pt")
                .optMetadata("skillscope.random_shape", shape.hfName());
        for (Tensor t : shape.tensors()) {
            b.addTensor(t.name(), shape.dtype(), t.shape());
        }
        long[] state = {seed * 0x9E3779B97F4A7C15L + 1};
        long[] delta = {seed * 0xBF58476D1CE4E5B9L + 7};
        try (SafetensorsWriter.Output out = b.open()) {
            for (Tensor t : shape.tensors()) {
                long[] d = perturbed.test(t.name()) ? delta : null;
                out.writeBytes(t.name(), sink -> fill(t, shape.dtype(), state, d, sink));
            }
            out.commit();
        }
        AtomicFiles.writeString(
                folder.resolve("config.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(shape.config()) + "\n");
        JsonObject gen = new JsonObject();
        gen.add("bos_token_id", shape.config().get("bos_token_id"));
        gen.add("eos_token_id", shape.config().get("eos_token_id"));
        AtomicFiles.writeString(folder.resolve("generation_config.json"), gen + "\n");
        AtomicFiles.writeString(folder.resolve("tokenizer.json"), tokenizerJson(TOKENIZER_WORDS));
    }

    /** Streams a tensor's values: uniform noise of std 0.02 (xorshift64), or ones or zeros. */
    private static void fill(Tensor t, DType dtype, long[] state, long[] delta, Consumer<ByteBuffer> sink) {
        int width = (int) dtype.byteSize();
        ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK * width).order(ByteOrder.LITTLE_ENDIAN);
        float half = 0.02f * (float) Math.sqrt(3.0); // uniform on [-a, a] has std a / sqrt 3
        long left = t.numel();
        while (left > 0) {
            int n = (int) Math.min(CHUNK, left);
            buf.clear();
            for (int i = 0; i < n; i++) {
                float x;
                if (t.fill() == Fill.NOISE) {
                    long s = state[0];
                    s ^= s << 13;
                    s ^= s >>> 7;
                    s ^= s << 17;
                    state[0] = s;
                    x = ((s >>> 40) * 0x1.0p-24f * 2f - 1f) * half;
                } else {
                    x = t.fill() == Fill.ONES ? 1f : 0f;
                }
                if (delta != null) {
                    long s = delta[0];
                    s ^= s << 13;
                    s ^= s >>> 7;
                    s ^= s << 17;
                    delta[0] = s;
                    x += ((s >>> 40) * 0x1.0p-24f * 2f - 1f) * half * 0.1f;
                }
                switch (dtype) {
                    case BF16 -> buf.putShort(HalfFloats.floatToBf16(x));
                    case F16 -> buf.putShort(HalfFloats.floatToHalf(x));
                    case F32 -> buf.putFloat(x);
                    default -> throw new IllegalArgumentException("real shapes store BF16, F16 or F32, not " + dtype);
                }
            }
            buf.flip();
            sink.accept(buf);
            left -= n;
        }
    }

    /**
     * A WordLevel tokenizer.json: {@code <unk>} 0, {@code <eos>} 1, then words {@code w2}..{@code wN-1},
     * split on whitespace.
     *
     * @param words the vocabulary size
     * @return the JSON text
     */
    public static String tokenizerJson(int words) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocab.put("<unk>", 0);
        vocab.put("<eos>", 1);
        for (int i = 2; i < words; i++) {
            vocab.put("w" + i, i);
        }
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordLevel");
        model.add("vocab", new GsonBuilder().create().toJsonTree(vocab));
        model.addProperty("unk_token", "<unk>");
        JsonObject pre = new JsonObject();
        pre.addProperty("type", "Whitespace");
        com.google.gson.JsonArray added = new com.google.gson.JsonArray();
        added.add(special(0, "<unk>"));
        added.add(special(1, "<eos>"));
        JsonObject tok = new JsonObject();
        tok.addProperty("version", "1.0");
        tok.add("truncation", com.google.gson.JsonNull.INSTANCE);
        tok.add("padding", com.google.gson.JsonNull.INSTANCE);
        tok.add("added_tokens", added);
        tok.add("normalizer", com.google.gson.JsonNull.INSTANCE);
        tok.add("pre_tokenizer", pre);
        tok.add("post_processor", com.google.gson.JsonNull.INSTANCE);
        tok.add("decoder", com.google.gson.JsonNull.INSTANCE);
        tok.add("model", model);
        return new GsonBuilder().serializeNulls().create().toJson(tok) + "\n";
    }

    private static JsonObject special(int id, String content) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        o.addProperty("content", content);
        o.addProperty("single_word", false);
        o.addProperty("lstrip", false);
        o.addProperty("rstrip", false);
        o.addProperty("normalized", false);
        o.addProperty("special", true);
        return o;
    }

    /**
     * Writes JSONL prompts of random words over the tokenizer: {@code {"prompt": "w17 w3 ...", "answer": " w5"}} per line.
     *
     * @param file the target file
     * @param rows the number of lines
     * @param words words per line
     * @param seed the seed
     */
    public static void writePrompts(Path file, int rows, int words, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            sb.append("{\"prompt\": \"");
            for (int w = 0; w < words; w++) {
                sb.append(w > 0 ? " " : "").append('w').append(2 + rng.nextInt(TOKENIZER_WORDS - 2));
            }
            sb.append("\", \"answer\": \" w")
                    .append(2 + rng.nextInt(TOKENIZER_WORDS - 2))
                    .append("\"}\n");
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
