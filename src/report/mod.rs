//! The compliance report (三线一单符合性分析): the data, then one writer per format.
