/**
 * Streamed image data sets: IDX (MNIST, Fashion-MNIST), the CIFAR-10 binary version and
 * torchvision-style image folders (ImageNet), raw or gzip, read one sample at a time so that
 * even ImageNet never has to fit in memory.
 *
 * <p>{@link io.deepsnn.network.data.Datasets#open} detects the format and returns an
 * {@link io.deepsnn.network.data.ImageDataset}; its
 * {@link io.deepsnn.network.data.ImageDataset#open() streams} yield
 * {@link io.deepsnn.network.data.Sample}s of unsigned bytes in C×H×W order, preprocessed
 * (channels, resize, centre crop) as a torchvision pipeline on PIL images would, so that
 * accuracies measured here compare with PyTorch's.
 * {@link io.deepsnn.network.data.Normalization} turns those bytes into network inputs, in
 * PyTorch's float32 arithmetic for the ANN and in double for the spike encoder. Every error
 * about a file is a {@link io.deepsnn.network.data.DatasetException} whose one-line message
 * starts with the file's path.
 */
package io.deepsnn.network.data;
