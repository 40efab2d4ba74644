/**
 * ONNX import (with the method's constraint checks) and export, over the project's own protobuf
 * classes for the ONNX subset ({@code protocol/src/main/proto/onnx_subset.proto}).
 */
package io.deepsnn.network.onnx;
