"""Bandung Partnerships Atlas: the international partnerships of the city of Bandung, mapped and sourced."""
