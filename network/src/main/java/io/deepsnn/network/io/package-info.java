/** File helpers shared by every writer of the project (atomic replace). */
package io.deepsnn.network.io;
