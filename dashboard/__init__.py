"""The BTIM dashboard: a Streamlit app over the published Parquet copies of the marts."""
