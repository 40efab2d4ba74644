/** The ANN side: dense float kernels and graph inference, checked against ONNX Runtime. */
package io.deepsnn.network.ann;
