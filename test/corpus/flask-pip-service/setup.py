from setuptools import find_packages, setup

with open("requirements.txt") as f:
    install_requires = [line.strip() for line in f if line.strip() and not line.startswith("#")]

setup(
    name="flask-pip-service",
    version="1.3.0",
    packages=find_packages(exclude=["tests"]),
    install_requires=install_requires,
    python_requires=">=3.9",
)
