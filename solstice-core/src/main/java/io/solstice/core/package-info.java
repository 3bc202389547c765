/** Null-checked by NullAway: nothing here is null unless marked {@code @Nullable}. */
@NullMarked
package io.solstice.core;

import org.jspecify.annotations.NullMarked;
