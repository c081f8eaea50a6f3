package rrl.nn;

/** Element-wise activations; derivatives are taken from the activation's output, which is what is stored. */
public enum Activation {
    IDENTITY, RELU, TANH;

    float apply(float x) {
        switch (this) {
            case RELU:
                return x > 0f ? x : 0f;
            case TANH:
                return (float) Math.tanh(x);
            default:
                return x;
        }
    }

    /** d activation / d input, given the activation's output y. */
    float derivativeFromOutput(float y) {
        switch (this) {
            case RELU:
                return y > 0f ? 1f : 0f;
            case TANH:
                return 1f - y * y;
            default:
                return 1f;
        }
    }
}
