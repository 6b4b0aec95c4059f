package io.skillscope.datasets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The skill lab's skills by name: 18 unary string functions, the binary {@code itl}, and the
 * arithmetic skills {@code add}, {@code sub}, {@code mul}; plus their compositions.
 *
 * <table>
 *   <caption>Skills and prompts (default settings)</caption>
 *   <tr><th>name</th><th>prompt → answer</th><th>list</th></tr>
 *   <tr><td>rev</td><td>{@code rev(abcde)=} → {@code edcba}</td><td>seen</td></tr>
 *   <tr><td>sort</td><td>{@code sort(dcab)=} → {@code abcd}</td><td>seen</td></tr>
 *   <tr><td>rmv</td><td>{@code rmv(hello)=} → {@code hll}</td><td>seen</td></tr>
 *   <tr><td>cs1</td><td>{@code cs1(xyz)=} → {@code yza}</td><td>seen</td></tr>
 *   <tr><td>rot2</td><td>{@code rot2(abcde)=} → {@code cdeab}</td><td>seen</td></tr>
 *   <tr><td>mir</td><td>{@code mir(abc)=} → {@code abccba}</td><td>seen</td></tr>
 *   <tr><td>dup</td><td>{@code dup(abc)=} → {@code aabbcc}</td><td>seen</td></tr>
 *   <tr><td>col</td><td>{@code col(aaabcc)=} → {@code abc}</td><td>seen</td></tr>
 *   <tr><td>alt</td><td>{@code alt(abcd)=} → {@code AbCd}</td><td>seen</td></tr>
 *   <tr><td>vow</td><td>{@code vow(hello)=} → {@code h2ll4}</td><td>seen</td></tr>
 *   <tr><td>sep</td><td>{@code sep(abc)=} → {@code a-b-c}</td><td>seen</td></tr>
 *   <tr><td>pre</td><td>{@code pre(xyz)=} → {@code abxyz}</td><td>seen</td></tr>
 *   <tr><td>suf</td><td>{@code suf(abc)=} → {@code abcyz}</td><td>seen</td></tr>
 *   <tr><td>add</td><td>{@code 12+34=} → {@code 46}</td><td>seen</td></tr>
 *   <tr><td>sub</td><td>{@code 56-7=} → {@code 49}</td><td>seen</td></tr>
 *   <tr><td>mul</td><td>{@code 12*3=} → {@code 36}</td><td>seen</td></tr>
 *   <tr><td>cs3</td><td>{@code cs3(xyz)=} → {@code abc}</td><td>held out</td></tr>
 *   <tr><td>evn</td><td>{@code evn(abcdef)=} → {@code ace}</td><td>held out</td></tr>
 *   <tr><td>shuf</td><td>{@code shuf(abcdef)=} → {@code adbecf}</td><td>held out</td></tr>
 *   <tr><td>swp</td><td>{@code swp(abcde)=} → {@code badce}</td><td>held out</td></tr>
 *   <tr><td>upc</td><td>{@code upc(abc)=} → {@code ABC}</td><td>held out</td></tr>
 *   <tr><td>itl</td><td>{@code itl(abc,de)=} → {@code adbec}</td><td>held out</td></tr>
 * </table>
 *
 * <p>The <em>seen</em> skills are the base model's training set (13 string skills and the three
 * arithmetic ones); the <em>held-out</em> skills are never in its training data and are kept for
 * fine-tuning, grafting and transfer experiments. The exact semantics of each function are in
 * {@link StringFunctions}; the longest default example ({@code itl} on two 8-letter strings) is 39
 * characters.
 *
 * <p>Empty answers are allowed rather than avoided: {@code rmv} of an all-vowel input (and any
 * composition that ends in such a string) answers with the empty string, which a model expresses by
 * emitting the end token right after the prompt; the evaluators treat the empty string as parseable
 * exactly for the skills that can produce it.
 */
public final class SkillSuite {

    /** The base model's training skills, in this order. */
    public static final List<String> SEEN = List.of(
            "rev", "sort", "rmv", "cs1", "rot2", "mir", "dup", "col", "alt", "vow", "sep", "pre", "suf", "add", "sub",
            "mul");
    /** The skills kept out of the base model's training data, in this order. */
    public static final List<String> HELD_OUT = List.of("cs3", "evn", "shuf", "swp", "upc", "itl");
    /** The string {@code pre} writes before its input. */
    public static final String PREFIX = "ab";
    /** The string {@code suf} writes after its input. */
    public static final String SUFFIX = "yz";

    private final SuiteConfig config;
    private final Map<String, StringFunction> functions = new LinkedHashMap<>();
    private final Map<String, Skill> skills = new LinkedHashMap<>();

    private SkillSuite(SuiteConfig config) {
        this.config = config;
        for (StringFunction f : List.of(
                StringFunctions.reverse(),
                StringFunctions.sortChars(),
                StringFunctions.removeVowels(),
                StringFunctions.caesar(1),
                StringFunctions.caesar(3),
                StringFunctions.rotate(2),
                StringFunctions.mirror(),
                StringFunctions.duplicate(),
                StringFunctions.collapse(),
                StringFunctions.alternateCase(),
                StringFunctions.vowelsToDigits(),
                StringFunctions.separate(),
                StringFunctions.prefix(PREFIX),
                StringFunctions.suffix(SUFFIX),
                StringFunctions.evenPositions(),
                StringFunctions.riffle(),
                StringFunctions.swapPairs(),
                StringFunctions.upper())) {
            functions.put(f.name(), f);
            skills.put(f.name(), new Composition(List.of(f), config.inputs()));
        }
        skills.put(Interlace.NAME, new Interlace(config.inputs()));
        for (Arithmetic.Operator op : Arithmetic.Operator.values()) {
            boolean mul = op == Arithmetic.Operator.MUL;
            skills.put(
                    op.skillName(),
                    new Arithmetic(
                            op,
                            mul ? config.multiplicandMax() : config.operandMax(),
                            mul ? config.multiplierMax() : config.operandMax()));
        }
    }

    /** The suite with {@link SuiteConfig#DEFAULT} settings. */
    public static SkillSuite standard() {
        return new SkillSuite(SuiteConfig.DEFAULT);
    }

    /** The suite with the given settings. */
    public static SkillSuite create(SuiteConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("SkillSuite config must not be null");
        }
        return new SkillSuite(config);
    }

    /** The settings. */
    public SuiteConfig config() {
        return config;
    }

    /** Every atomic skill: the string functions, {@code itl}, then {@code add}, {@code sub}, {@code mul}. */
    public List<Skill> all() {
        return List.copyOf(skills.values());
    }

    /** The names of {@link #all()}. */
    public List<String> names() {
        return List.copyOf(skills.keySet());
    }

    /** The unary string functions, in suite order. */
    public List<StringFunction> functions() {
        return List.copyOf(functions.values());
    }

    /** The skills named in {@link #SEEN}. */
    public List<Skill> seen() {
        return SEEN.stream().map(this::get).toList();
    }

    /** The skills named in {@link #HELD_OUT}. */
    public List<Skill> heldOut() {
        return HELD_OUT.stream().map(this::get).toList();
    }

    /**
     * The skill with this name: an atomic skill, or a composition of unary functions written
     * outermost first with dots, e.g. {@code rev.sort} for rev(sort(x)).
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public Skill get(String name) {
        if (name == null) {
            throw new IllegalArgumentException("skill name must not be null; valid names: " + names());
        }
        Skill skill = skills.get(name);
        if (skill != null) {
            return skill;
        }
        if (name.contains(".")) {
            List<StringFunction> chain = new ArrayList<>();
            for (String part : name.split("\\.", -1)) {
                StringFunction f = functions.get(part);
                if (f == null) {
                    throw new IllegalArgumentException("unknown function \"" + part + "\" in composition \"" + name
                            + "\"; compositions chain unary string functions: " + functions.keySet());
                }
                chain.add(f);
            }
            return new Composition(chain, config.inputs());
        }
        throw new IllegalArgumentException("unknown skill \"" + name + "\"; valid names: " + names()
                + ", or unary functions joined by '.' such as rev.sort");
    }

    /**
     * The unary string function with this name.
     *
     * @throws IllegalArgumentException for an unknown name, listing the valid ones
     */
    public StringFunction function(String name) {
        StringFunction f = functions.get(name);
        if (f == null) {
            throw new IllegalArgumentException(
                    "unknown string function \"" + name + "\"; valid names: " + functions.keySet());
        }
        return f;
    }

    /**
     * The distinct compositions of exactly {@code depth} functions drawn from {@code functionNames}
     * (a function may repeat, as in {@code cs1.cs1}).
     *
     * <p>Chains are enumerated in lexicographic order of {@code functionNames}, outermost function
     * most significant, and a chain is dropped when it behaves like an earlier one, like a shorter
     * chain, or like the identity: {@code sort.rev} is dropped because it is {@code sort},
     * {@code rev.rev} because it is the identity, {@code suf.pre} because it is {@code pre.suf}.
     * Behaviour is compared on 202 fixed probe inputs drawn from the suite's input space (uniform
     * and runs-style, plus the shortest and longest strings).
     *
     * @param functionNames the unary functions to compose; repeats in the list are ignored
     * @param depth the number of functions per chain, at least 1
     * @throws IllegalArgumentException for an unknown or non-unary name, a depth below 1, or more
     *     than two million chains to evaluate
     */
    public List<Composition> compositions(List<String> functionNames, int depth) {
        if (functionNames == null || functionNames.isEmpty()) {
            throw new IllegalArgumentException(
                    "compositions need at least one function name; valid names: " + functions.keySet());
        }
        if (depth < 1) {
            throw new IllegalArgumentException("composition depth must be at least 1, was " + depth);
        }
        List<StringFunction> chosen = new ArrayList<>();
        for (String name : new LinkedHashSet<>(functionNames)) {
            if (skills.containsKey(name) && !functions.containsKey(name)) {
                throw new IllegalArgumentException("skill \"" + name + "\" is not a unary string function and cannot"
                        + " be composed; unary functions: " + functions.keySet());
            }
            chosen.add(function(name));
        }
        return Collections.unmodifiableList(CompositionEnumerator.enumerate(chosen, depth, config.inputs()));
    }

    /**
     * {@link #compositions(List, int)} keeping only chains whose answers are at most
     * {@code maxAnswerLength} characters long on every input, to keep sequences short.
     */
    public List<Composition> compositions(List<String> functionNames, int depth, int maxAnswerLength) {
        return compositions(functionNames, depth).stream()
                .filter(c -> c.maxAnswerLength() <= maxAnswerLength)
                .toList();
    }

    /**
     * Scores a generation for an example of any skill of this suite (compositions included): see
     * {@link Skill#score}.
     *
     * @throws IllegalArgumentException if the example's skill is not a skill of this suite
     */
    public Outcome score(Example example, String generated, boolean sawEndToken) {
        return get(example.skill()).score(example, generated, sawEndToken);
    }

    @Override
    public String toString() {
        return "SkillSuite[" + skills.size() + " skills (" + SEEN.size() + " seen, " + HELD_OUT.size()
                + " held out), inputs " + config.inputs() + ", add/sub 0.." + config.operandMax() + ", mul 0.."
                + config.multiplicandMax() + " x 0.." + config.multiplierMax() + "]";
    }
}
