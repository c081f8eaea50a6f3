/**
 * ND4J at the library's edges: datasets, transitions and policy calls as {@code INDArray}s in and out, and
 * policies exported to (and imported from) DL4J {@code MultiLayerNetwork} files. Nothing hot runs here; the
 * networks train in {@link rrl.nn} on flat float arrays, which measured faster than ND4J (README, issue 4).
 */
package rrl.nd4j;
