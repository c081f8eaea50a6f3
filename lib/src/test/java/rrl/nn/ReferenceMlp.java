package rrl.nn;

/**
 * A deliberately naive double-precision MLP (PyTorch weight layout, plain loops) used as the oracle for
 * {@link Mlp}'s padded, vectorised float implementation.
 */
final class ReferenceMlp {
    final int[] sizes;
    final double[][] w; // per layer out x in
    final double[][] b;
    final Activation hidden;
    final Activation output;
    double[][] acts;

    ReferenceMlp(int[] sizes, float[] logical, Activation hidden, Activation output) {
        this.sizes = sizes;
        this.hidden = hidden;
        this.output = output;
        w = new double[sizes.length - 1][];
        b = new double[sizes.length - 1][];
        int k = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            w[l] = new double[sizes[l] * sizes[l + 1]];
            b[l] = new double[sizes[l + 1]];
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = logical[k++];
            }
            for (int i = 0; i < b[l].length; i++) {
                b[l][i] = logical[k++];
            }
        }
    }

    static double act(Activation f, double z) {
        return f == Activation.RELU ? Math.max(0, z) : f == Activation.TANH ? Math.tanh(z) : z;
    }

    static double dact(Activation f, double y) {
        return f == Activation.RELU ? (y > 0 ? 1 : 0) : f == Activation.TANH ? 1 - y * y : 1;
    }

    double[] forward(double[] x, int batch) {
        acts = new double[sizes.length][];
        acts[0] = x.clone();
        for (int l = 0; l < sizes.length - 1; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            Activation f = l == sizes.length - 2 ? output : hidden;
            acts[l + 1] = new double[batch * out];
            for (int r = 0; r < batch; r++) {
                for (int o = 0; o < out; o++) {
                    double z = b[l][o];
                    for (int i = 0; i < in; i++) {
                        z += w[l][o * in + i] * acts[l][r * in + i];
                    }
                    acts[l + 1][r * out + o] = act(f, z);
                }
            }
        }
        return acts[sizes.length - 1];
    }

    /** Returns {logical weight gradient, input gradient} for dLoss/dOutput = g. */
    double[][] backward(double[] g, int batch) {
        int layers = sizes.length - 1;
        double[][] gw = new double[layers][];
        double[][] gb = new double[layers][];
        double[] d = new double[g.length];
        for (int k = 0; k < g.length; k++) {
            d[k] = g[k] * dact(output, acts[layers][k]);
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            gw[l] = new double[in * out];
            gb[l] = new double[out];
            double[] dIn = new double[batch * in];
            for (int r = 0; r < batch; r++) {
                for (int o = 0; o < out; o++) {
                    double dv = d[r * out + o];
                    gb[l][o] += dv;
                    for (int i = 0; i < in; i++) {
                        gw[l][o * in + i] += dv * acts[l][r * in + i];
                        dIn[r * in + i] += dv * w[l][o * in + i];
                    }
                }
            }
            if (l > 0) {
                for (int k = 0; k < dIn.length; k++) {
                    dIn[k] *= dact(hidden, acts[l][k]);
                }
            }
            d = dIn;
        }
        int total = 0;
        for (int l = 0; l < layers; l++) {
            total += gw[l].length + gb[l].length;
        }
        double[] flat = new double[total];
        int k = 0;
        for (int l = 0; l < layers; l++) {
            for (double v : gw[l]) {
                flat[k++] = v;
            }
            for (double v : gb[l]) {
                flat[k++] = v;
            }
        }
        return new double[][] {flat, d};
    }
}
