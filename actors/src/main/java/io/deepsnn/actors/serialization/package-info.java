/**
 * The wire format of the actor runtime: the Pekko serializer of every
 * {@link io.deepsnn.actors.runtime.WireMessage} ({@link io.deepsnn.actors.serialization.RuntimeSerializer},
 * protobuf, never Java serialization) and the compact encoding of spike lists it uses
 * ({@link io.deepsnn.actors.serialization.SpikeCodec}). The schema is
 * {@code protocol/src/main/proto/runtime_messages.proto}.
 */
package io.deepsnn.actors.serialization;
