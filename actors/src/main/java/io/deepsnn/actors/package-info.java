/**
 * The actor runtime of the spiking network (Apache Pekko Typed). Its actors are thin: the
 * arithmetic lives in the network module's kernels. Built in the actor-runtime issue.
 */
package io.deepsnn.actors;
