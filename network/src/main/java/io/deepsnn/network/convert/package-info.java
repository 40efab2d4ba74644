/** The converted network and its {@code .snn} file (versioned protobuf envelope with a checksum). */
package io.deepsnn.network.convert;
