package io.skillscope.datasets;

import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small integer arithmetic on two non-negative operands, prompted in infix: {@code 12+34=} →
 * {@code 46}.
 *
 * <p>The left operand is uniform in [0, leftMax] and the right one in [0, rightMax]; for
 * {@link Operator#SUB} only pairs with left ≥ right are drawn (uniformly among them), so every
 * answer is non-negative. The suite's defaults are add and sub on 0–99 and mul on 0–999 × 0–9.
 *
 * <p>An answer is parseable when it is an integer literal {@code -?[0-9]+} with at most as many
 * digits as the largest possible answer; anything else (letters, a decimal point, an empty answer,
 * too many digits) is unparseable. Leading zeros parse but are wrong: answers are written in
 * canonical decimal.
 */
public final class Arithmetic implements Skill {

    /** The operation. */
    public enum Operator {
        /** {@code add}: a + b. */
        ADD("add", '+'),
        /** {@code sub}: a − b with a ≥ b. */
        SUB("sub", '-'),
        /** {@code mul}: a × b. */
        MUL("mul", '*');

        private final String skillName;
        private final char symbol;

        Operator(String skillName, char symbol) {
            this.skillName = skillName;
            this.symbol = symbol;
        }

        /** The skill name: {@code add}, {@code sub} or {@code mul}. */
        public String skillName() {
            return skillName;
        }

        /** The infix symbol: {@code +}, {@code -} or {@code *}. */
        public char symbol() {
            return symbol;
        }

        long apply(long a, long b) {
            return switch (this) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
            };
        }
    }

    private static final int MAX_OPERAND = 999_999;

    private final Operator operator;
    private final int leftMax;
    private final int rightMax;
    private final Pattern inputPattern;
    private final Pattern answerPattern;

    /**
     * Creates an arithmetic skill.
     *
     * @param operator the operation
     * @param leftMax the largest left operand, 0 to 999999
     * @param rightMax the largest right operand, 0 to 999999
     */
    public Arithmetic(Operator operator, int leftMax, int rightMax) {
        if (operator == null) {
            throw new IllegalArgumentException("Arithmetic operator must not be null");
        }
        if (leftMax < 0 || leftMax > MAX_OPERAND || rightMax < 0 || rightMax > MAX_OPERAND) {
            throw new IllegalArgumentException("Arithmetic operand maxima must be in [0, " + MAX_OPERAND
                    + "], were leftMax=" + leftMax + ", rightMax=" + rightMax);
        }
        this.operator = operator;
        this.leftMax = leftMax;
        this.rightMax = rightMax;
        this.inputPattern =
                Pattern.compile("(0|[1-9][0-9]*)" + Pattern.quote(String.valueOf(operator.symbol)) + "(0|[1-9][0-9]*)");
        this.answerPattern = Pattern.compile("-?[0-9]{1," + maxDigits() + "}");
    }

    /** The operation. */
    public Operator operator() {
        return operator;
    }

    /** The largest left operand. */
    public int leftMax() {
        return leftMax;
    }

    /** The largest right operand. */
    public int rightMax() {
        return rightMax;
    }

    /** The answer for operands {@code a} and {@code b}. */
    public long apply(long a, long b) {
        return operator.apply(a, b);
    }

    private int maxDigits() {
        long largest = operator.apply(leftMax, operator == Operator.SUB ? 0 : rightMax);
        return Long.toString(largest).length();
    }

    @Override
    public String name() {
        return operator.skillName;
    }

    @Override
    public String sampleInput(RandomGenerator rng) {
        while (true) {
            int a = rng.nextInt(leftMax + 1);
            int b = rng.nextInt(rightMax + 1);
            if (operator != Operator.SUB || a >= b) {
                return a + String.valueOf(operator.symbol) + b;
            }
        }
    }

    @Override
    public Example example(String input) {
        Matcher m = inputPattern.matcher(input);
        if (!m.matches()) {
            throw new IllegalArgumentException("input \"" + input + "\" is not valid for skill " + name()
                    + ": expected <a>" + operator.symbol + "<b> with canonical non-negative integers");
        }
        long a = Long.parseLong(m.group(1));
        long b = Long.parseLong(m.group(2));
        if (a > leftMax || b > rightMax || (operator == Operator.SUB && a < b)) {
            throw new IllegalArgumentException("input \"" + input + "\" is not valid for skill " + name()
                    + ": operands must satisfy 0 <= a <= " + leftMax + ", 0 <= b <= " + rightMax
                    + (operator == Operator.SUB ? ", a >= b" : ""));
        }
        return new Example(input + "=", Long.toString(operator.apply(a, b)), name());
    }

    @Override
    public long inputSpaceSize() {
        if (operator != Operator.SUB) {
            return (leftMax + 1L) * (rightMax + 1L);
        }
        long count = 0;
        for (long a = 0; a <= leftMax; a++) {
            count += Math.min(a, rightMax) + 1;
        }
        return count;
    }

    @Override
    public boolean parseable(String text) {
        return answerPattern.matcher(text).matches();
    }

    @Override
    public int maxAnswerLength() {
        return maxDigits();
    }

    @Override
    public String toString() {
        return "Arithmetic[" + name() + ", a in 0.." + leftMax + ", b in 0.." + rightMax
                + (operator == Operator.SUB ? ", a >= b" : "") + "]";
    }
}
