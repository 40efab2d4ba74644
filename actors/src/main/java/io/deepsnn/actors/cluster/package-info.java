/**
 * The same tiles over Pekko Cluster nodes: tile hosts, the coordinator that places and connects
 * them and then becomes their clock, the watch over hosting nodes and the failover, and the
 * multi-node session ({@link io.deepsnn.actors.cluster.ClusterSession}).
 */
package io.deepsnn.actors.cluster;
