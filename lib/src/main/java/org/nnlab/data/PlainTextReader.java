package org.nnlab.data;

import java.nio.file.Path;
import java.util.TreeSet;

/**
 * Reads plain-text corpora such as tiny Shakespeare, for character-level language models.
 * The file is decoded as UTF-8, or Latin-1 if it is not valid UTF-8 (see {@link TextFiles}).
 */
public final class PlainTextReader {

    private PlainTextReader() {
    }

    /** The whole corpus as one string, line ends included. */
    public static String read(Path file) {
        return TextFiles.read(file);
    }

    /** The corpus as an array of characters (UTF-16 units), the input of a character-level model. */
    public static char[] characters(Path file) {
        return read(file).toCharArray();
    }

    /** The distinct characters of a text, sorted: the alphabet of a character-level model. */
    public static String alphabet(String text) {
        TreeSet<Character> set = new TreeSet<>();
        for (int i = 0; i < text.length(); i++) {
            set.add(text.charAt(i));
        }
        StringBuilder sb = new StringBuilder(set.size());
        for (char c : set) {
            sb.append(c);
        }
        return sb.toString();
    }
}
