/**
 * The actor runtime of the spiking network (Apache Pekko Typed). {@link io.deepsnn.actors.ActorRuntime}
 * opens a session on one node or many; the actors are thin: what a tile does in a timestep is the
 * network module's {@code TileStep}. Subpackages: {@code runtime} (tiles, clock, sessions,
 * statistics), {@code topology} (tiles and edges), {@code cluster} (nodes, deployment, failover),
 * {@code serialization} (protobuf on the wire).
 */
package io.deepsnn.actors;
