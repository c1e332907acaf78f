CREATE SEQUENCE hardship_case_no_seq;
