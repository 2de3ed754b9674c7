package org.nnlab.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void closeIsAbsoluteNearZeroAndRelativeForLargeValues() {
        assertTrue(Numbers.close(0, 1e-7, 1e-6));
        assertFalse(Numbers.close(0, 1e-5, 1e-6));
        assertTrue(Numbers.close(1e6, 1e6 + 0.5, 1e-6));
        assertFalse(Numbers.close(1e6, 1e6 + 2, 1e-6));
    }

    @Test
    void closeHandlesNanAndInfinity() {
        assertTrue(Numbers.close(Double.NaN, Double.NaN, 1e-6));
        assertFalse(Numbers.close(0, Double.NaN, 1e-6));
        assertFalse(Numbers.close(Double.NaN, 0, 1e-6));
        assertTrue(Numbers.close(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1e-6));
        assertFalse(Numbers.close(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-6));
        assertFalse(Numbers.close(1e300, Double.POSITIVE_INFINITY, 1e-6));
    }

    @Test
    void formatIsShortAndLocaleFree() {
        assertEquals("2", Numbers.format(2.0));
        assertEquals("-0.5", Numbers.format(-0.5));
        assertEquals("0.1", Numbers.format(0.1));
        assertEquals("0.333333", Numbers.format(1.0 / 3));
        assertEquals("3.5E-8", Numbers.format(3.5e-8));
        assertEquals("1.23457E+9", Numbers.format(1234567890));
        assertEquals("NaN", Numbers.format(Double.NaN));
        assertEquals("-Infinity", Numbers.format(Double.NEGATIVE_INFINITY));
    }

    @Test
    void formatPairShowsJustEnoughDigits() {
        assertArrayEquals(new String[] {"0.105", "0.881"}, Numbers.formatPair(0.104994, 0.880797));
        assertArrayEquals(new String[] {"0.1050", "0.1051"}, Numbers.formatPair(0.10499, 0.10512));
        assertArrayEquals(new String[] {"1.0000000", "1.0000001"}, Numbers.formatPair(1, 1.0000001));
        assertArrayEquals(new String[] {"0.5", "NaN"}, Numbers.formatPair(0.5, Double.NaN));
    }

    @Test
    void indexFollowsRowMajorOrder() {
        long[] shape = {2, 3};
        assertEquals("[0, 0]", Numbers.index(shape, 0));
        assertEquals("[0, 2]", Numbers.index(shape, 2));
        assertEquals("[1, 0]", Numbers.index(shape, 3));
        assertEquals("[1, 2]", Numbers.index(shape, 5));
        assertEquals("[1, 1, 3]", Numbers.index(new long[] {2, 3, 4}, 19));
    }

    @Test
    void countUsesSingularForOne() {
        assertEquals("1 point", Numbers.count(1, "point"));
        assertEquals("5 points", Numbers.count(5, "point"));
    }
}
