"""Regenerates ../*.yaml from the fixture: python3 all.py (needs PyYAML)."""
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
for m in ('gen_linking', 'gen_seed', 'gen_pipelines', 'gen_builds', 'gen_entity'):
    __import__(m)
