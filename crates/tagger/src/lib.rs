//! Part-of-speech tagger and lemmatiser trained on UD English.
