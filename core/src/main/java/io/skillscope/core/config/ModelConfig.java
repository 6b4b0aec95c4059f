package io.skillscope.core.config;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.skillscope.core.model.Architectures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The shape and conventions of a transformer language model, read from a Hugging Face
 * {@code config.json} and validated on construction.
 *
 * <p>One record serves every architecture: what differs between GPT-2, Llama, Mistral and Qwen2 is
 * carried as values and flags (biases, tying, activation, norm epsilon, rotary base), so model blocks
 * branch on flags, never on the architecture name. Attention has {@code numHeads} query heads of
 * {@code headDim}; key/value heads number {@code numKvHeads}, and query head {@code j} reads key/value
 * head {@code j / (numHeads / numKvHeads)} (grouped-query attention).
 *
 * @param architecture the model family
 * @param vocabSize rows of the token embedding (and of the output head)
 * @param hiddenSize width of the residual stream, {@code d_model}
 * @param numLayers number of transformer blocks
 * @param numHeads number of query heads
 * @param numKvHeads number of key/value heads; divides {@code numHeads}
 * @param headDim width of one head (GPT-2: {@code hiddenSize / numHeads})
 * @param intermediateSize width of the feed-forward hidden layer, {@code d_mlp}
 * @param maxPositions longest sequence (GPT-2: rows of the position embedding)
 * @param normEps epsilon of LayerNorm (GPT-2) or RMSNorm (Llama family)
 * @param ropeTheta rotary base {@code theta}: frequencies {@code theta^(-2i/headDim)}; 0 for GPT-2
 * @param tieWordEmbeddings whether the output head reuses the token embedding
 * @param qkvBias whether the q, k and v projections have biases
 * @param outputBias whether the attention output projection has a bias
 * @param mlpBias whether the feed-forward projections have biases
 * @param activation the feed-forward nonlinearity
 * @param bosTokenId beginning-of-sequence token id, or null
 * @param eosTokenId end-of-sequence token id (the first if the config lists several), or null
 * @param slidingWindow attention window in tokens applied on every layer, or null for full attention
 * @param ropeScaling rescaling of the rotary frequencies ({@code rope_scaling}), or null for none
 * @param familyOptions the family's own settings ({@link FamilyOptions#NONE} for none)
 */
public record ModelConfig(
        Architecture architecture,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int intermediateSize,
        int maxPositions,
        double normEps,
        double ropeTheta,
        boolean tieWordEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        boolean mlpBias,
        Activation activation,
        Integer bosTokenId,
        Integer eosTokenId,
        Integer slidingWindow,
        RopeScaling ropeScaling,
        FamilyOptions familyOptions) {

    /**
     * Validates sizes and the architecture's invariants.
     *
     * @throws ConfigException naming the field and the value
     */
    public ModelConfig {
        if (architecture == null) {
            throw new ConfigException("ModelConfig: architecture is null");
        }
        if (activation == null) {
            throw new ConfigException("ModelConfig: activation is null");
        }
        if (familyOptions == null) {
            familyOptions = FamilyOptions.NONE;
        }
        if (ropeScaling != null && ropeTheta == 0) {
            throw invalid("rope_scaling needs rotary positions, but ropeTheta is 0");
        }
        positive("vocabSize", vocabSize);
        positive("hiddenSize", hiddenSize);
        positive("numLayers", numLayers);
        positive("numHeads", numHeads);
        positive("numKvHeads", numKvHeads);
        positive("headDim", headDim);
        positive("intermediateSize", intermediateSize);
        positive("maxPositions", maxPositions);
        if (numHeads % numKvHeads != 0) {
            throw invalid("numKvHeads " + numKvHeads + " must divide numHeads " + numHeads);
        }
        if (!(normEps > 0) || Double.isInfinite(normEps)) {
            throw invalid("normEps must be positive and finite, got " + normEps);
        }
        if (slidingWindow != null && slidingWindow <= 0) {
            throw invalid("slidingWindow must be positive or null, got " + slidingWindow);
        }
        tokenId("bosTokenId", bosTokenId, vocabSize);
        tokenId("eosTokenId", eosTokenId, vocabSize);
        switch (architecture) {
            case GPT2 -> {
                if (hiddenSize != numHeads * headDim) {
                    throw invalid("GPT2 needs hiddenSize == numHeads * headDim, got " + hiddenSize + " != " + numHeads
                            + " * " + headDim);
                }
                if (numKvHeads != numHeads) {
                    throw invalid("GPT2 has no grouped-query attention: numKvHeads " + numKvHeads + " != numHeads "
                            + numHeads);
                }
                if (ropeTheta != 0) {
                    throw invalid("GPT2 uses learned positions: ropeTheta must be 0, got " + ropeTheta);
                }
                if (!tieWordEmbeddings || !qkvBias || !outputBias || !mlpBias) {
                    throw invalid("GPT2 always ties embeddings and has all biases (tieWordEmbeddings, qkvBias,"
                            + " outputBias, mlpBias must be true)");
                }
                if (slidingWindow != null) {
                    throw invalid("GPT2 has no sliding window, got " + slidingWindow);
                }
            }
            case GEMMA -> {
                if (!(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
                    throw invalid("ropeTheta must be positive and finite, got " + ropeTheta);
                }
                if (headDim % 2 != 0) {
                    throw invalid("rotary embeddings need an even headDim, got " + headDim);
                }
                if (qkvBias || outputBias || mlpBias || slidingWindow != null) {
                    throw invalid("GEMMA has no biases and no sliding window");
                }
            }
            case GEMMA2 -> {
                if (!(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
                    throw invalid("ropeTheta must be positive and finite, got " + ropeTheta);
                }
                if (headDim % 2 != 0) {
                    throw invalid("rotary embeddings need an even headDim, got " + headDim);
                }
                if (qkvBias || outputBias || mlpBias) {
                    throw invalid("GEMMA2 has no biases");
                }
                if (slidingWindow != null) {
                    throw invalid("GEMMA2 keeps its sliding window in Gemma2Options (slidingWindow must be null)");
                }
                if (!(familyOptions instanceof Gemma2Options g)) {
                    throw invalid("GEMMA2 needs Gemma2Options, got " + familyOptions);
                }
                if (g.layerTypes().size() != numLayers) {
                    throw invalid("Gemma2Options lists " + g.layerTypes().size() + " layer types for " + numLayers
                            + " layers");
                }
            }
            case GPT_NEOX -> {
                if (!(familyOptions instanceof NeoXOptions neox)) {
                    throw invalid("GPT_NEOX needs NeoXOptions, got " + familyOptions);
                }
                if (hiddenSize != numHeads * headDim || numKvHeads != numHeads) {
                    throw invalid("GPT_NEOX needs hiddenSize == numHeads * headDim and numKvHeads == numHeads, got "
                            + hiddenSize + ", " + numHeads + " * " + headDim + ", " + numKvHeads);
                }
                if (!(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
                    throw invalid("ropeTheta must be positive and finite, got " + ropeTheta);
                }
                int rotary = neox.rotaryDims(headDim);
                if (rotary < 2 || rotary % 2 != 0) {
                    throw invalid("GPT_NEOX rotary_pct " + neox.rotaryPct() + " gives " + rotary
                            + " rotary dimensions of headDim " + headDim + "; an even number >= 2 is needed");
                }
                if (qkvBias != outputBias || !mlpBias) {
                    throw invalid("GPT_NEOX's attention_bias covers query_key_value and dense alike, and its MLP"
                            + " always has biases (qkvBias == outputBias, mlpBias true)");
                }
                if (slidingWindow != null) {
                    throw invalid("GPT_NEOX has no sliding window, got " + slidingWindow);
                }
                if (ropeScaling != null) {
                    throw invalid("GPT_NEOX rope_scaling is not supported yet, got " + ropeScaling);
                }
            }
            case LLAMA, MISTRAL, QWEN2, PHI3 -> {
                if (!(ropeTheta > 0) || Double.isInfinite(ropeTheta)) {
                    throw invalid("ropeTheta must be positive and finite, got " + ropeTheta);
                }
                if (headDim % 2 != 0) {
                    throw invalid("rotary embeddings need an even headDim, got " + headDim);
                }
                if (architecture == Architecture.LLAMA && qkvBias != outputBias) {
                    throw invalid("LLAMA's attention_bias covers q, k, v and o alike: qkvBias " + qkvBias
                            + " != outputBias " + outputBias);
                }
                if (architecture == Architecture.MISTRAL && (qkvBias || outputBias || mlpBias)) {
                    throw invalid("MISTRAL has no biases");
                }
                if (architecture == Architecture.PHI3 && (qkvBias || outputBias || mlpBias)) {
                    throw invalid("PHI3 has no biases");
                }
                if (architecture == Architecture.QWEN2 && (!qkvBias || outputBias || mlpBias)) {
                    throw invalid("QWEN2 has q/k/v biases only (qkvBias true, outputBias and mlpBias false)");
                }
            }
        }
    }

    /** A config without rope scaling or family options (every family before Llama 3.1). */
    public ModelConfig(
            Architecture architecture,
            int vocabSize,
            int hiddenSize,
            int numLayers,
            int numHeads,
            int numKvHeads,
            int headDim,
            int intermediateSize,
            int maxPositions,
            double normEps,
            double ropeTheta,
            boolean tieWordEmbeddings,
            boolean qkvBias,
            boolean outputBias,
            boolean mlpBias,
            Activation activation,
            Integer bosTokenId,
            Integer eosTokenId,
            Integer slidingWindow) {
        this(
                architecture,
                vocabSize,
                hiddenSize,
                numLayers,
                numHeads,
                numKvHeads,
                headDim,
                intermediateSize,
                maxPositions,
                normEps,
                ropeTheta,
                tieWordEmbeddings,
                qkvBias,
                outputBias,
                mlpBias,
                activation,
                bosTokenId,
                eosTokenId,
                slidingWindow,
                null,
                FamilyOptions.NONE);
    }

    private static void positive(String field, int value) {
        if (value <= 0) {
            throw invalid(field + " must be positive, got " + value);
        }
    }

    private static void tokenId(String field, Integer id, int vocabSize) {
        if (id != null && (id < 0 || id >= vocabSize)) {
            throw invalid(field + " " + id + " is outside the vocabulary [0, " + vocabSize + ")");
        }
    }

    private static ConfigException invalid(String message) {
        return new ConfigException("ModelConfig: " + message);
    }

    /**
     * Reads a Hugging Face {@code config.json}.
     *
     * @param configJson the file, or a folder that holds {@code config.json}
     * @return the validated config
     * @throws ConfigException naming the file and the problem: missing file, bad JSON, missing or
     *     mistyped field, unsupported model_type or rope_scaling
     */
    public static ModelConfig load(Path configJson) {
        Path file = Files.isDirectory(configJson) ? configJson.resolve("config.json") : configJson;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e + ")", e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new ConfigException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new ConfigException(file + ": not a JSON object");
        }
        return fromJson(root.getAsJsonObject(), file);
    }

    /**
     * Reads a config from parsed JSON with Hugging Face keys.
     *
     * @param json the config object
     * @param sourceForMessages the file it came from, named in messages (may be null)
     * @return the validated config
     * @throws ConfigException naming the source, the field and the value
     */
    public static ModelConfig fromJson(JsonObject json, Path sourceForMessages) {
        return HfConfigReader.read(json, sourceForMessages);
    }

    /**
     * A Llama config with Hugging Face's defaults: {@code headDim = hidden / heads}, RMSNorm epsilon
     * 1e-6, rope theta 10000, untied embeddings, no biases, SiLU, no special tokens.
     *
     * @param vocab vocabulary size
     * @param hidden residual width
     * @param layers blocks
     * @param heads query heads
     * @param kvHeads key/value heads
     * @param intermediate feed-forward width
     * @param maxPos longest sequence
     * @return the config
     */
    public static ModelConfig llama(
            int vocab, int hidden, int layers, int heads, int kvHeads, int intermediate, int maxPos) {
        if (heads <= 0 || hidden % heads != 0) {
            throw invalid("hiddenSize " + hidden + " is not divisible by numHeads " + heads);
        }
        return new ModelConfig(
                Architecture.LLAMA,
                vocab,
                hidden,
                layers,
                heads,
                kvHeads,
                hidden / heads,
                intermediate,
                maxPos,
                1e-6,
                10000.0,
                false,
                false,
                false,
                false,
                Activation.SILU,
                null,
                null,
                null);
    }

    /**
     * A GPT-2 config with Hugging Face's defaults: {@code d_mlp = 4 hidden}, LayerNorm epsilon 1e-5,
     * {@code gelu_new}, tied embeddings, all biases.
     *
     * @param vocab vocabulary size
     * @param hidden residual width
     * @param layers blocks
     * @param heads attention heads
     * @param maxPos learned positions
     * @return the config
     */
    public static ModelConfig gpt2(int vocab, int hidden, int layers, int heads, int maxPos) {
        if (heads <= 0 || hidden % heads != 0) {
            throw invalid("hiddenSize " + hidden + " is not divisible by numHeads " + heads);
        }
        return new ModelConfig(
                Architecture.GPT2,
                vocab,
                hidden,
                layers,
                heads,
                heads,
                hidden / heads,
                4 * hidden,
                maxPos,
                1e-5,
                0.0,
                true,
                true,
                true,
                true,
                Activation.GELU_TANH,
                null,
                null,
                null);
    }

    /**
     * This config with other special-token ids.
     *
     * @param bos beginning-of-sequence id or null
     * @param eos end-of-sequence id or null
     * @return a new config
     */
    public ModelConfig withTokenIds(Integer bos, Integer eos) {
        return new ModelConfig(
                architecture,
                vocabSize,
                hiddenSize,
                numLayers,
                numHeads,
                numKvHeads,
                headDim,
                intermediateSize,
                maxPositions,
                normEps,
                ropeTheta,
                tieWordEmbeddings,
                qkvBias,
                outputBias,
                mlpBias,
                activation,
                bos,
                eos,
                slidingWindow,
                ropeScaling,
                familyOptions);
    }

    /**
     * This config with tied or untied embeddings (Llama family only; GPT-2 always ties).
     *
     * @param tie whether the output head reuses the token embedding
     * @return a new config
     */
    public ModelConfig withTieWordEmbeddings(boolean tie) {
        return new ModelConfig(
                architecture,
                vocabSize,
                hiddenSize,
                numLayers,
                numHeads,
                numKvHeads,
                headDim,
                intermediateSize,
                maxPositions,
                normEps,
                ropeTheta,
                tie,
                qkvBias,
                outputBias,
                mlpBias,
                activation,
                bosTokenId,
                eosTokenId,
                slidingWindow,
                ropeScaling,
                familyOptions);
    }

    /**
     * This config with another norm epsilon and rotary base.
     *
     * @param eps the norm epsilon
     * @param theta the rotary base (0 for GPT-2)
     * @return a new config
     */
    public ModelConfig withNorm(double eps, double theta) {
        return new ModelConfig(
                architecture,
                vocabSize,
                hiddenSize,
                numLayers,
                numHeads,
                numKvHeads,
                headDim,
                intermediateSize,
                maxPositions,
                eps,
                theta,
                tieWordEmbeddings,
                qkvBias,
                outputBias,
                mlpBias,
                activation,
                bosTokenId,
                eosTokenId,
                slidingWindow,
                ropeScaling,
                familyOptions);
    }

    /**
     * Whether the feed-forward is gated, {@code down(act(gate x) * up x)}: the Llama family. GPT-2's is
     * {@code c_proj(act(c_fc x))}.
     *
     * @return true for LLAMA, MISTRAL, QWEN2, PHI3
     */
    public boolean gated() {
        return architecture.llamaFamily();
    }

    /**
     * Width of all query heads together, {@code numHeads * headDim}.
     *
     * @return the query projection's output width
     */
    public int qDim() {
        return numHeads * headDim;
    }

    /**
     * Width of all key (or value) heads together, {@code numKvHeads * headDim}.
     *
     * @return the key and value projections' output width
     */
    public int kvDim() {
        return numKvHeads * headDim;
    }

    /**
     * The number of trainable parameters, counted from the checkpoint's tensor shapes (tied embeddings
     * once; GPT-2's causal-mask buffers are not parameters).
     *
     * <p>The sum of the element counts of the parameters the architecture's adapter declares for this
     * config.
     *
     * @return the count
     */
    public long parameterCount() {
        return Architectures.parameterCount(this);
    }

    /**
     * This config as a Hugging Face {@code config.json} object with the architecture's native keys,
     * {@code model_type}, {@code architectures} and {@code torch_dtype} "float32", so that Python's
     * {@code transformers} opens a folder that skillscope wrote.
     *
     * @return a new JSON object
     */
    public JsonObject toHfJson() {
        JsonObject o = new JsonObject();
        JsonArray classes = new JsonArray();
        classes.add(architecture.hfClass());
        o.add("architectures", classes);
        o.addProperty("model_type", architecture.modelType());
        o.addProperty("vocab_size", vocabSize);
        Architectures.writeHfConfig(this, o);
        o.addProperty("tie_word_embeddings", tieWordEmbeddings);
        o.add("bos_token_id", number(bosTokenId));
        o.add("eos_token_id", number(eosTokenId));
        o.addProperty("torch_dtype", "float32");
        return o;
    }

    private static JsonElement number(Integer value) {
        return value == null ? JsonNull.INSTANCE : new com.google.gson.JsonPrimitive(value);
    }
}
