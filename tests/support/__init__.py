"""Helpers shared by the test tiers (no tests here): paths, servers, hostile web records, the fault runner."""
