package org.nnlab.pretrained;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * BERT's uncased WordPiece tokenizer (Devlin et al. 2019; Wu et al. 2016): a word is lower-cased, its accents
 * are stripped, punctuation is split off (BERT's spaces around Chinese characters are left out: the tagger
 * reads English), and each piece is cut greedily into the longest units of the
 * vocabulary, from the left ("unaffable" becomes "una", "##ffa", "##ble"; "##" marks a unit inside a word). A
 * piece that cannot be cut becomes {@code [UNK]}.
 */
public final class WordPiece {

    private final Map<String, Integer> vocabulary;

    /** A tokenizer over {@code vocabulary} (unit to id), which must hold {@code [UNK]}. */
    public WordPiece(Map<String, Integer> vocabulary) {
        if (!vocabulary.containsKey("[UNK]")) {
            throw new IllegalArgumentException("a WordPiece vocabulary needs [UNK]");
        }
        this.vocabulary = Map.copyOf(vocabulary);
    }

    /** The id of a unit of the vocabulary ({@code [CLS]}, {@code ##ing}, ...). */
    public int id(String unit) {
        Integer id = vocabulary.get(unit);
        if (id == null) {
            throw new IllegalArgumentException(unit + " is not in the WordPiece vocabulary");
        }
        return id;
    }

    /** The number of units in the vocabulary. */
    public int size() {
        return vocabulary.size();
    }

    /** The units of one word (at least one). */
    public List<String> units(String word) {
        List<String> units = new ArrayList<>();
        for (String piece : pieces(normalize(word))) {
            List<String> cut = cut(piece);
            units.addAll(cut == null ? List.of("[UNK]") : cut);
        }
        return units.isEmpty() ? List.of("[UNK]") : units;
    }

    /** Lower case, accents removed (é -> e). */
    static String normalize(String word) {
        String decomposed = Normalizer.normalize(word.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{Mn}", "");
    }

    /** Punctuation alone, spaces and control characters dropped, the rest in runs ("e-mail" -> "e", "-", "mail"). */
    static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean gap = Character.isWhitespace(c) || Character.isISOControl(c);
            if (!gap && !isPunctuation(c)) {
                run.append(c);
                continue;
            }
            if (!run.isEmpty()) {
                pieces.add(run.toString());
                run.setLength(0);
            }
            if (!gap) {
                pieces.add(String.valueOf(c));
            }
        }
        if (!run.isEmpty()) {
            pieces.add(run.toString());
        }
        return pieces;
    }

    /** BERT's punctuation: every ASCII character that is not a letter, digit or space ($, +, ^ too), and Unicode's. */
    static boolean isPunctuation(char c) {
        if (c < 128) {
            return c > ' ' && !Character.isLetterOrDigit(c) && c != 127;
        }
        int type = Character.getType(c);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION;
    }

    /** Greedy longest match from the left; null when some part matches no unit. */
    private List<String> cut(String piece) {
        List<String> units = new ArrayList<>();
        int start = 0;
        while (start < piece.length()) {
            String found = null;
            for (int end = piece.length(); end > start && found == null; end--) {
                String unit = (start > 0 ? "##" : "") + piece.substring(start, end);
                if (vocabulary.containsKey(unit)) {
                    found = unit;
                }
            }
            if (found == null) {
                return null;
            }
            units.add(found);
            start += found.length() - (start > 0 ? 2 : 0);
        }
        return units;
    }
}
