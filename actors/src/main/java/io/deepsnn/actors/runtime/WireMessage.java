package io.deepsnn.actors.runtime;

/**
 * Marks the runtime's messages that may cross a JVM boundary. They are bound to the protobuf
 * serializer ({@code io.deepsnn.actors.serialization.RuntimeSerializer}) in the module's
 * {@code reference.conf}; nothing else is ever sent between nodes.
 */
public interface WireMessage {
}
