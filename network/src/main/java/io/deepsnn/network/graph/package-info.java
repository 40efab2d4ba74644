/**
 * The typed ANN graph the whole project works on: shapes, the closed set of ops the method allows
 * (convolution, fully connected, ReLU, average pool, flatten, residual add, type-A shortcut), and
 * a builder that infers and checks shapes node by node.
 */
package io.deepsnn.network.graph;
