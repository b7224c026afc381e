//! Named-entity recogniser (PER, ORG, LOC).
